using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalSearch;
using MultimodalSearch.Ingestion;

namespace FashionSearch.Console.Eval;

/// <summary>Fills an empty store with the bundled demo catalog, so that <c>eval</c> and <c>bench</c> work on a fresh store.</summary>
internal static class BundledCatalogIndexer
{
    /// <summary>Indexes the bundled catalog into <paramref name="store"/> when it has no items; leaves a store with items alone.</summary>
    /// <returns>The number of items in the store afterwards.</returns>
    public static async Task<long> EnsureIndexedAsync(CliHost host, ICatalogStore store, string storeName, CancellationToken cancellationToken)
    {
        var count = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            return count;
        }

        var ingestor = host.CreateIngestor(store);
        var summary = await ProgressReporter.RunAsync(
            host.Console,
            progress => ingestor.IngestAsync(new StylesCsvCatalogSource(BundledModel.Catalog), progress, cancellationToken),
            $"Indexing the demo catalog into {storeName}").ConfigureAwait(false);
        if (summary.Failed.Count > 0)
        {
            throw new InvalidDataException($"Indexing the demo catalog failed for {summary.Failed.Count} item(s), first {summary.Failed[0].Path}: {summary.Failed[0].Reason}");
        }

        return summary.Total;
    }
}
