using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Blip2;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Testing;
using Npgsql;

namespace MultimodalSearch.Benchmarks.Ingestion;

/// <summary>
/// Indexing the 360-image demo catalog into a fresh embedded store: the <see cref="CatalogIngestor"/>
/// pipeline (parallel decode, batched embedding, batched writes) against the naive loop the reference
/// app runs (decode one, embed one, insert one), the baseline.
/// </summary>
[Config(typeof(LongOperationConfig))]
[MemoryDiagnoser]
public class IngestionThroughputBenchmarks : IDisposable
{
    /// <summary>
    /// Three timed runs of each (one run indexes the whole catalog, ~10 s), in process: the default
    /// in-process limit is too short for operations this long and a rebuilt child can time out on a busy machine.
    /// </summary>
    private sealed class LongOperationConfig : ManualConfig
    {
        public LongOperationConfig() =>
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: false)));
    }

    private Blip2Embedder _embedder = null!;
    private Blip2Embedder _oneThreadEmbedder = null!;
    private IngestionOptions _throughputOptions = null!;
    private List<CatalogSourceEntry> _entries = null!;
    private string _directory = "";
    private ICatalogStore _store = null!;
    private string _schema = "";

    /// <summary>
    /// Gets or sets the store written to: <c>embedded</c>, or <c>postgres</c> (the reference app's store) when
    /// MULTIMODALSEARCH_BENCH_POSTGRES holds a connection string.
    /// </summary>
    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "embedded";

    public static IEnumerable<string> Stores() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_POSTGRES")) ? ["embedded"] : ["embedded", "postgres"];

    [GlobalSetup]
    public async Task Setup()
    {
        _embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });

        // What fashion-search index configures (samples/FashionSearch.Console/Cli/IngestionDefaults.cs).
        var concurrency = Math.Clamp(Environment.ProcessorCount, 1, 4);
        _oneThreadEmbedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel, IntraOpThreads = Math.Max(1, Environment.ProcessorCount / concurrency) });
        _throughputOptions = new IngestionOptions { EmbeddingConcurrency = concurrency, EmbeddingBatchSize = 4 };
        _entries = [];
        await foreach (var entry in new StylesCsvCatalogSource(TestPaths.DemoCatalog).ReadAsync())
        {
            _entries.Add(entry);
        }
    }

    [IterationSetup]
    public void OpenEmptyStore()
    {
        _directory = Directory.CreateTempSubdirectory("ingest-bench-").FullName;
        _schema = "ingest_bench_" + Guid.NewGuid().ToString("N")[..8];
        _store = Store == "postgres"
            ? PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_POSTGRES"), Schema = _schema })
            : EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory }).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void DeleteStore()
    {
        ((IAsyncDisposable)_store).DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (Store == "postgres")
        {
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_POSTGRES"));
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "naive loop: decode, embed one, insert one")]
    public async Task<int> NaiveLoop()
    {
        foreach (var entry in _entries)
        {
            var bytes = await File.ReadAllBytesAsync(entry.ImagePath);
            var prepared = await _embedder.PrepareImageAsync(ImageInput.FromBytes(bytes, entry.ImagePath));
            var embedding = (await _embedder.EmbedPreparedImagesAsync([prepared]))[0];
            await _store.UpsertAsync([new CatalogItem { Id = entry.Id, Category = entry.Category, Name = entry.Name, ImageLocation = entry.ImagePath, Metadata = entry.Metadata, Embedding = embedding }]);
        }

        return _entries.Count;
    }

    [Benchmark(Description = "CatalogIngestor pipeline, library defaults")]
    public async Task<int> Pipeline()
    {
        var summary = await new CatalogIngestor(_embedder, _store).IngestAsync(new StylesCsvCatalogSource(TestPaths.DemoCatalog));
        return summary.Indexed;
    }

    [Benchmark(Description = "CatalogIngestor pipeline, fashion-search index settings")]
    public async Task<int> PipelineForThroughput()
    {
        var summary = await new CatalogIngestor(_oneThreadEmbedder, _store, _throughputOptions).IngestAsync(new StylesCsvCatalogSource(TestPaths.DemoCatalog));
        return summary.Indexed;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _embedder?.Dispose();
        _oneThreadEmbedder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
