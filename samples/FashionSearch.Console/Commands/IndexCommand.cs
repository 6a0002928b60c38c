using System.CommandLine;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalSearch.Ingestion;

namespace FashionSearch.Console.Commands;

/// <summary><c>index SOURCE</c>: embed a catalog folder into the store, incrementally.</summary>
internal static class IndexCommand
{
    private static readonly Argument<string> Source = new Argument<string>("FOLDER")
    {
        Description = "A folder of <category>/<image>, or a folder with a styles.csv (Fashion Product Images format).",
    }.AcceptExistingDirectory("The catalog folder");

    private static readonly Option<bool> Prune = new("--prune")
    {
        Description = "Delete stored items whose source record disappeared.",
    };

    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Items written to the store together (default: MultimodalSearch:Ingestion:BatchSize, 32).",
        DefaultValueFactory = _ => 32,
        HelpName = "N",
    };

    private static readonly Option<bool> AllowLinksOutside = new("--allow-links-outside")
    {
        Description = "Read links (to files or folders) that lead outside the catalog folder; by default they are reported and skipped.",
    };

    private static readonly Option<int> MaxImageMb = new("--max-image-mb")
    {
        Description = "Skip (and report) image files larger than this many MiB (default: MultimodalSearch:Ingestion:MaxImageBytes, 50 MiB).",
        HelpName = "MIB",
    };

    private static readonly Option<double> ProgressInterval = new("--progress-interval")
    {
        Description = "Seconds between progress lines when stderr is not a terminal (0: after every batch).",
        DefaultValueFactory = _ => 5,
        HelpName = "SECONDS",
    };

    static IndexCommand()
    {
        BatchSize.Require(size => size < 1 ? $"--batch-size must be 1 or more; got {size}." : null);
        MaxImageMb.Require(mib => mib is >= 1 and <= 2047 ? null : $"--max-image-mb must be from 1 to 2047; got {mib}.");
        ProgressInterval.Require(seconds => seconds >= 0 && double.IsFinite(seconds) ? null : "--progress-interval must be 0 or more seconds.");
    }

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("index", "Index a catalog folder into the store (incremental, resumable).");
        command.Add(Source);
        command.Add(Prune);
        command.Add(BatchSize);
        command.Add(AllowLinksOutside);
        command.Add(MaxImageMb);
        command.Add(ProgressInterval);
        CommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            Unchanged images are skipped, so an interrupted run resumes where it stopped. Bad files are
            reported once, in the summary, and skipped; the exit code is 1 when any failed. Only regular
            files are read (a FIFO, device or folder is reported without being opened), each at most
            --max-image-mb, its first bytes checked before the rest is read; links that lead outside the
            folder are reported unless --allow-links-outside.
            With --json prints {"indexed":N,"skipped":N,"pruned":N,"failed":[{"path","reason"}],"total":N}.
            Examples:
              fashion-search index ./catalog
              fashion-search index ./fashion-dataset --store postgres:"Host=127.0.0.1;Database=shop" --prune --json
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var folder = parse.GetRequiredValue(Source);
        await using var host = new CliHost(parse, console, indexes: true);
        var ingestor = host.CreateIngestor(host.CatalogStore, options =>
        {
            options.Prune = parse.GetValue(Prune);
            if (parse.GetResult(BatchSize) is { Implicit: false })
            {
                options.BatchSize = parse.GetValue(BatchSize);
            }

            if (parse.GetResult(MaxImageMb) is { Implicit: false })
            {
                options.MaxImageBytes = parse.GetValue(MaxImageMb) * 1024L * 1024;
            }
        });
        var source = CatalogSource.Open(folder, allowLinksOutsideRoot: parse.GetValue(AllowLinksOutside));
        var summary = await ProgressReporter.RunAsync(
            console,
            progress => ingestor.IngestAsync(source, progress, cancellationToken),
            $"Indexing {source.Description}",
            TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(ProgressInterval)))).ConfigureAwait(false);

        if (host.Json)
        {
            await JsonOutput.WriteAsync(
                console,
                new
                {
                    indexed = summary.Indexed,
                    skipped = summary.Skipped,
                    pruned = summary.Pruned,
                    failed = summary.Failed.Select(f => new { path = f.Path, reason = f.Reason }),
                    total = summary.Total,
                },
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            console.Out.WriteLine(
                $"Indexed {summary.Indexed}, skipped {summary.Skipped} unchanged, pruned {summary.Pruned}, failed {summary.Failed.Count}; {summary.Total} items in {host.Store} ({summary.Elapsed.TotalSeconds:F1} s).");
            foreach (var failure in summary.Failed)
            {
                console.Out.WriteLine($"  failed: {failure.Path}: {failure.Reason}");
            }
        }

        return summary.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
