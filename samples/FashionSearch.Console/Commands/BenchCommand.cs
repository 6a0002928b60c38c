using System.CommandLine;
using FashionSearch.Console.Bench;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Blip2;

namespace FashionSearch.Console.Commands;

/// <summary><c>bench</c>: the hot paths of this setup (model, options, stores) timed in one run.</summary>
internal static class BenchCommand
{
    private static readonly Option<bool> Quick = new("--quick") { Description = "A few runs of each figure (a smoke test; medians are rough)." };

    private static readonly Option<int> Repeat = new Option<int>("--repeat") { Description = "Multiply the runs of every figure by N for steadier numbers.", DefaultValueFactory = _ => 1, HelpName = "N" }
        .Require(repeat => repeat < 1 ? $"--repeat must be 1 or more; got {repeat}." : null);

    private static readonly Option<string?> Image = new Option<string?>("--image") { Description = "A photo to time preprocessing on. Default: a 640x480 JPEG made in the run.", HelpName = "PATH" }.AcceptExistingFile();

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("bench", "Time the hot paths of this setup: preprocessing, embeddings, search, indexing, ask.");
        command.Add(Quick);
        command.Add(Repeat);
        command.Add(Image);
        CommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            Times the hot paths of this setup (its model, options and stores): preprocessing, image
            embeddings at batch 1/8/32 and text embeddings, search p50/p99 in the embedded store and in
            Postgres (skipped without a database), indexing the demo catalog, and ask end to end offline.
            An empty store is first filled with the demo catalog. Comparisons with baselines (bare ONNX
            Runtime, raw SQL, a naive indexing loop, the memory-bandwidth floor) are the BenchmarkDotNet
            suites' job: benchmarks/MultimodalSearch.Benchmarks.
            Examples:
              fashion-search bench
              fashion-search bench --store postgres:"Host=127.0.0.1;Database=shop" --json
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var repeat = parse.GetValue(Repeat);
        var photo = parse.GetValue(Image);

        var quick = parse.GetValue(Quick);
        var settings = (quick ? BenchSettings.Quick : BenchSettings.Default).Times(repeat);
        await using var host = new CliHost(parse, console);
        var embedder = host.Embedder;
        await using var stores = await BenchStores.OpenAsync(host, cancellationToken).ConfigureAwait(false);
        var figures = new List<BenchFigure>();

        Progress(console, "preprocessing");
        figures.AddRange(await PreprocessingBench.RunAsync(embedder, photo, settings, cancellationToken).ConfigureAwait(false));
        Progress(console, "embeddings");
        figures.AddRange(await EmbeddingBench.RunAsync(embedder, settings, cancellationToken).ConfigureAwait(false));
        Progress(console, $"search in {stores.EmbeddedName}");
        var workload = await SearchWorkload.CreateAsync(embedder, stores.Embedded, cancellationToken).ConfigureAwait(false);
        figures.AddRange(await SearchBench.RunAsync(stores.Embedded, "embedded", $"{stores.EmbeddedName}, {stores.EmbeddedBytesPerValue * 8}-bit vectors", workload, settings, cancellationToken).ConfigureAwait(false));
        if (stores.Postgres is { } postgres)
        {
            Progress(console, "search in Postgres");
            var postgresWorkload = await SearchWorkload.CreateAsync(embedder, postgres, cancellationToken).ConfigureAwait(false);
            figures.AddRange(await SearchBench.RunAsync(postgres, "postgres", "Postgres + pgvector", postgresWorkload, settings, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            figures.AddRange(SearchBench.Skipped("postgres", "Postgres + pgvector", stores.PostgresSkipReason!));
        }

        Progress(console, "ingestion");
        figures.AddRange(await IngestionBench.RunAsync(host, host.Services.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value, stores.PostgresOptions, stores.PostgresSkipReason, settings, cancellationToken).ConfigureAwait(false));
        Progress(console, $"ask in {stores.PrimaryName}");
        figures.AddRange(await AskBench.RunAsync(host.Configuration, embedder, stores.Primary, stores.PrimaryName, settings, cancellationToken).ConfigureAwait(false));

        var machine = MachineInfo.Describe(embedder.ExecutionProvider);
        var mode = quick ? "quick" : "default";
        if (host.Json)
        {
            await JsonOutput.WriteAsync(console, BenchView.ToJson(machine, embedder.Model.Name, mode, figures), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            BenchView.WriteTable(console.Ansi, machine, mode, figures);
        }

        return ExitCodes.Ok;
    }

    private static void Progress(CliConsole console, string stage) => console.Error.WriteLine($"bench: {stage}...");
}
