using System.CommandLine;
using FashionSearch.Console.Bench;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Blip2;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using Pgvector.Npgsql;

namespace FashionSearch.Console.Commands;

/// <summary><c>bench</c>: the hot paths timed in one run, each against an in-run baseline.</summary>
internal static class BenchCommand
{
    private static readonly Option<bool> Quick = new("--quick") { Description = "A few runs of each figure (a smoke test; medians are rough)." };

    private static readonly Option<int> Repeat = new("--repeat") { Description = "Multiply the runs of every figure by N for steadier numbers.", DefaultValueFactory = _ => 1, HelpName = "N" };

    private static readonly Option<string?> Image = new("--image") { Description = "A photo to time preprocessing on. Default: a 640x480 JPEG made in the run.", HelpName = "PATH" };

    public static Command Create()
    {
        var command = new Command("bench", """
            Time the hot paths, each against a baseline measured in the same run: preprocessing (vs decoding
            only), image embeddings at batch 1/8/32 and text embeddings (vs raw ONNX Runtime sessions), search
            p50/p99 in the embedded store (vs the memory-bandwidth floor) and in Postgres (vs the same SQL sent
            with Npgsql; skipped without a database), and ask end to end offline (vs its searches). An empty
            store is first filled with the demo catalog.
            Examples:
              fashion-search bench
              fashion-search bench --store postgres:"Host=127.0.0.1;Database=shop" --json
            """);
        command.Add(Quick);
        command.Add(Repeat);
        command.Add(Image);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var repeat = parse.GetValue(Repeat);
        if (repeat < 1)
        {
            throw new UsageException($"--repeat must be 1 or more; got {repeat}.");
        }

        var photo = parse.GetValue(Image);
        if (photo is not null && !File.Exists(photo))
        {
            throw new UsageException($"The image '{photo}' does not exist.");
        }

        var quick = parse.GetValue(Quick);
        var settings = (quick ? BenchSettings.Quick : BenchSettings.Default).Times(repeat);
        await using var host = new CliHost(parse);
        var embedder = host.Embedder;
        await using var stores = await BenchStores.OpenAsync(host, cancellationToken).ConfigureAwait(false);
        var figures = new List<BenchFigure>();

        Progress("preprocessing");
        figures.AddRange(await PreprocessingBench.RunAsync(embedder, photo, settings, cancellationToken).ConfigureAwait(false));
        Progress("embeddings");
        figures.AddRange(await EmbeddingBench.RunAsync(embedder, host.Services.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value, settings, cancellationToken).ConfigureAwait(false));
        Progress($"search in {stores.EmbeddedName}");
        var workload = await SearchWorkload.CreateAsync(embedder, stores.Embedded, cancellationToken).ConfigureAwait(false);
        figures.AddRange(await SearchBench.RunEmbeddedAsync(stores.Embedded, stores.EmbeddedName, stores.EmbeddedBytesPerValue, workload, settings, cancellationToken).ConfigureAwait(false));
        if (stores.Postgres is { } postgres)
        {
            Progress("search in Postgres");
            figures.AddRange(await RunPostgresAsync(host, postgres, stores, settings, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            figures.AddRange(SearchBench.SkippedPostgres(stores.PostgresSkipReason!));
        }

        Progress("ingestion");
        figures.AddRange(await IngestionBench.RunAsync(host, host.Services.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value, stores.PostgresOptions, stores.PostgresSkipReason, settings, cancellationToken).ConfigureAwait(false));
        Progress($"ask in {stores.PrimaryName}");
        figures.AddRange(await AskBench.RunAsync(host.Configuration, embedder, stores.Primary, stores.PrimaryName, settings, cancellationToken).ConfigureAwait(false));

        var machine = MachineInfo.Describe(embedder.ExecutionProvider);
        var mode = quick ? "quick" : "default";
        if (host.Json)
        {
            await JsonOutput.WriteAsync(BenchView.ToJson(machine, embedder.Model.Name, mode, figures), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            BenchView.WriteTable(machine, mode, figures);
        }

        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunPostgresAsync(CliHost host, MultimodalSearch.ICatalogStore postgres, BenchStores stores, BenchSettings settings, CancellationToken cancellationToken)
    {
        var options = stores.PostgresOptions!;
        var workload = await SearchWorkload.CreateAsync(host.Embedder, postgres, cancellationToken).ConfigureAwait(false);
        await using var recorder = new NpgsqlStatementRecorder(options.ConnectionString!);
        await using var recorded = PgVectorCatalogStore.Create(recorder.DataSource, options);
        var raw = new NpgsqlDataSourceBuilder(options.ConnectionString);
        raw.UseVector();
        await using var rawSource = raw.Build();
        return await SearchBench.RunPostgresAsync(postgres, recorder, recorded, rawSource, workload, settings, cancellationToken).ConfigureAwait(false);
    }

    private static void Progress(string stage) => System.Console.Error.WriteLine($"bench: {stage}...");
}
