using System.Diagnostics;
using MultimodalSearch.Ingestion;
using Spectre.Console;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Shows ingestion progress on stderr: a Spectre.Console progress bar (items/s, ETA) on a terminal,
/// plain lines every few seconds otherwise (logs, CI). Lines written to stderr while the bar runs (warnings) go
/// through it, above the bar, instead of tearing it.
/// </summary>
internal static class ProgressReporter
{
    private static readonly TimeSpan DefaultPlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<IngestionSummary> RunAsync(CliConsole cli, Func<IProgress<IngestionProgress>, Task<IngestionSummary>> run, string title, TimeSpan? plainInterval = null)
    {
        var interval = plainInterval ?? DefaultPlainInterval;
        var console = cli.AnsiError;
        if (cli.ErrorIsTerminal && console.Profile.Capabilities.Interactive)
        {
            using var route = cli.RouteErrorLines(line => console.MarkupLine(Markup.Escape(line)));
            return await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedlessRateColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                    var progress = new SynchronousProgress(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Expected);
                        task.Value = p.Done;
                    });
                    return await run(progress).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var gate = new object();
        var plain = new SynchronousProgress(p =>
        {
            lock (gate)
            {
                if (clock.Elapsed - last < interval && p.Done < p.Expected)
                {
                    return;
                }

                last = clock.Elapsed;
                var rate = p.Indexed / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                cli.Error.WriteLine($"{title}: {p.Done}/{p.Expected} (indexed {p.Indexed}, skipped {p.Skipped}, failed {p.Failed}, {rate:F1} images/s)");
            }
        });
        return await run(plain).ConfigureAwait(false);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and report late).</summary>
    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => report(value);
    }

    /// <summary>Items per second, without Spectre's byte units.</summary>
    private sealed class TransferSpeedlessRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed:F1} items/s" : "");
    }
}
