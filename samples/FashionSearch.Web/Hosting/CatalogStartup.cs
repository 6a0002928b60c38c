using System.Diagnostics;
using FashionSearch.Web.Health;
using FashionSearch.Web.Options;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Ingestion;

namespace FashionSearch.Web.Hosting;

/// <summary>
/// At startup: indexes the catalog when the store is empty (progress in the log), loads and warms the model with one
/// request, then marks the app ready. Requests before that get a 503 and <c>/health/ready</c> says what is going on.
/// </summary>
internal sealed class CatalogStartup(
    IServiceProvider services,
    Readiness readiness,
    IOptions<WebAppOptions> options,
    ILogger<CatalogStartup> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave the host's startup first, so that Kestrel listens (and /health/live answers) while the catalog is indexed.
        await Task.Yield();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var store = services.GetRequiredService<ICatalogStore>();
            var count = await store.CountAsync(stoppingToken).ConfigureAwait(false);
            if (count > 0)
            {
                WebLog.CatalogAlreadyIndexed(logger, count);
            }
            else if (options.Value.IndexDemoCatalog)
            {
                count = await IndexAsync(stoppingToken).ConfigureAwait(false);
            }
            else
            {
                WebLog.IndexingDisabled(logger);
            }

            readiness.Report("warming the model");
            var workflow = services.GetRequiredService<FashionSearchWorkflow>();
            await workflow.AskAsync(new FashionSearchRequest("a t-shirt"), stoppingToken).ConfigureAwait(false);
            readiness.MarkReady();
            WebLog.Ready(logger, stopwatch.Elapsed.TotalMilliseconds, count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            readiness.MarkFailed("the app stopped during startup");
        }
        catch (Exception ex)
        {
            readiness.MarkFailed(ex.Message);
            WebLog.StartupFailed(logger, ex);
        }
    }

    private async Task<long> IndexAsync(CancellationToken cancellationToken)
    {
        var catalog = string.IsNullOrWhiteSpace(options.Value.CatalogDirectory) ? BundledDemo.Catalog : options.Value.CatalogDirectory;
        WebLog.IndexingStarted(logger, catalog);
        readiness.Report("indexing " + catalog);
        var stopwatch = Stopwatch.StartNew();
        var lastLogged = TimeSpan.Zero;
        var progress = new Progress<IngestionProgress>(p =>
        {
            readiness.Report($"indexing: {p.Done}/{p.Expected}");
            if (stopwatch.Elapsed - lastLogged >= TimeSpan.FromSeconds(1) || p.Done == p.Expected)
            {
                lastLogged = stopwatch.Elapsed;
                WebLog.IndexingProgress(logger, p.Done, p.Expected, p.Indexed, p.Skipped, p.Failed);
            }
        });
        var ingestor = services.GetRequiredService<CatalogIngestor>();
        var summary = await ingestor.IngestAsync(CatalogSource.Open(catalog), progress, cancellationToken).ConfigureAwait(false);
        foreach (var failure in summary.Failed)
        {
            WebLog.IndexingItemFailed(logger, failure.Path, failure.Reason);
        }

        WebLog.IndexingFinished(logger, summary.Indexed, summary.Failed.Count, stopwatch.Elapsed.TotalMilliseconds);
        return summary.Total;
    }
}
