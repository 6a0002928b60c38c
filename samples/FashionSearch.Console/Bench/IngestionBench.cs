using FashionSearch.Console.Cli;
using Microsoft.Extensions.Configuration;
using MultimodalSearch;
using MultimodalSearch.Blip2;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Indexing the 360-image demo catalog into a fresh store with the <see cref="CatalogIngestor"/> pipeline and the
/// settings <c>fashion-search index</c> uses. Each run starts from an empty store (a temporary folder, or a
/// temporary Postgres schema dropped afterwards). (IngestionThroughputBenchmarks compares it with a naive loop.)
/// </summary>
internal static class IngestionBench
{
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(CliHost host, Blip2EmbedderOptions embedderOptions, PgVectorCatalogOptions? postgres, string? postgresSkipReason, BenchSettings settings, CancellationToken cancellationToken)
    {
        var entries = new List<CatalogSourceEntry>();
        await foreach (var entry in new StylesCsvCatalogSource(BundledModel.Catalog).ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        var throughput = new ConfigurationBuilder().AddInMemoryCollection(IngestionDefaults.ForThroughput(Environment.ProcessorCount)).Build();
        var pipelineOptions = throughput.GetSection("MultimodalSearch:Ingestion").Get<IngestionOptions>()!;
        var pipelineEmbedderOptions = CopyWithThreads(embedderOptions, throughput.GetValue<int>("MultimodalSearch:Blip2:IntraOpThreads"));
        using var pipelineEmbedder = Blip2Embedder.Load(pipelineEmbedderOptions);
        var what = $"index the demo catalog ({entries.Count} images) with the pipeline: {pipelineOptions.EmbeddingConcurrency} model calls of {pipelineOptions.EmbeddingBatchSize} at once, {pipelineEmbedderOptions.IntraOpThreads} thread(s) each, writes of {pipelineOptions.BatchSize}";
        var figures = new List<BenchFigure>();
        var runs = settings.IngestionRuns;

        var embedded = await Timer.MeasureAsync(
            _ => WithEmbeddedStoreAsync(store => PipelineAsync(pipelineEmbedder, store, pipelineOptions, cancellationToken)),
            warmup: Math.Min(settings.Warmup, 1),
            runs,
            cancellationToken).ConfigureAwait(false);
        figures.Add(BenchFigure.Rate("ingest.embedded", what + ", into an embedded store", "images/s", entries.Count, embedded));

        if (postgres is null)
        {
            figures.Add(BenchFigure.Skipped("ingest.postgres", "index the demo catalog into Postgres", "images/s", postgresSkipReason ?? "no PostgreSQL configured"));
        }
        else
        {
            var samples = await Timer.MeasureAsync(
                _ => WithPostgresSchemaAsync(host.Console.Error, postgres, store => PipelineAsync(pipelineEmbedder, store, pipelineOptions, cancellationToken), cancellationToken),
                warmup: 0,
                runs,
                cancellationToken).ConfigureAwait(false);
            figures.Add(BenchFigure.Rate("ingest.postgres", what + ", into Postgres (HNSW built after the load)", "images/s", entries.Count, samples));
        }

        return figures;
    }

    private static async Task PipelineAsync(Blip2Embedder embedder, ICatalogStore store, IngestionOptions options, CancellationToken cancellationToken)
    {
        var summary = await new CatalogIngestor(embedder, store, options).IngestAsync(new StylesCsvCatalogSource(BundledModel.Catalog), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (summary.Failed.Count > 0)
        {
            throw new InvalidDataException($"The ingestion benchmark failed on {summary.Failed[0].Path}: {summary.Failed[0].Reason}");
        }
    }

    private static async Task WithEmbeddedStoreAsync(Func<ICatalogStore, Task> run)
    {
        var directory = Directory.CreateTempSubdirectory("fashion-search-bench-ingest-").FullName;
        try
        {
            using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = directory }).ConfigureAwait(false);
            await run(store).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task WithPostgresSchemaAsync(TextWriter error, PgVectorCatalogOptions options, Func<ICatalogStore, Task> run, CancellationToken cancellationToken)
    {
        var schema = "bench_ingest_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = options.ConnectionString, Schema = schema });
            await run(store).ConfigureAwait(false);
        }
        finally
        {
            // Also after a cancelled or failed run; a failure here must not hide the run's own.
            try
            {
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                error.WriteLine($"bench: could not drop the temporary schema {schema}: {ex.Message}");
            }
        }
    }

    private static Blip2EmbedderOptions CopyWithThreads(Blip2EmbedderOptions options, int threads) => new()
    {
        ModelDirectory = options.ModelDirectory,
        MaxBatchSize = options.MaxBatchSize,
        IntraOpThreads = threads,
        AllowThreadSpinning = options.AllowThreadSpinning,
        UseCuda = options.UseCuda,
        CudaDeviceId = options.CudaDeviceId,
        MaxTextTokens = options.MaxTextTokens,
        Image = options.Image,
    };
}
