using MultimodalSearch;

namespace FashionSearch.Console.Bench;

/// <summary>Search latency, k = 10, one category filter, text and photo queries, in one store.</summary>
internal static class SearchBench
{
    /// <summary>Times the workload's text searches, then its photo searches, in <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="storeId">The store's part of the figure ids (<c>embedded</c>, <c>postgres</c>).</param>
    /// <param name="storeWhat">The store in words, for the figures.</param>
    /// <param name="workload">The queries.</param>
    /// <param name="settings">How many runs.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(ICatalogStore store, string storeId, string storeWhat, SearchWorkload workload, BenchSettings settings, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        foreach (var (kind, queries, runs) in Kinds(workload, settings))
        {
            var samples = await Timer.MeasureAsync(
                run => store.SearchAsync(queries[run % queries.Count], cancellationToken),
                settings.Warmup,
                runs,
                cancellationToken).ConfigureAwait(false);
            figures.Add(BenchFigure.Latency($"search.{storeId}.{kind}", $"{kind} search, k=10, one category ({storeWhat}, {workload.Items} items)", samples));
        }

        return figures;
    }

    public static IReadOnlyList<BenchFigure> Skipped(string storeId, string storeWhat, string reason) =>
        [.. new[] { "text", "photo" }.Select(kind => BenchFigure.Skipped($"search.{storeId}.{kind}", $"{kind} search, k=10, one category ({storeWhat})", "ms", reason))];

    private static IEnumerable<(string Kind, IReadOnlyList<CatalogQuery> Queries, int Runs)> Kinds(SearchWorkload workload, BenchSettings settings)
    {
        yield return ("text", workload.Text, settings.TextSearchRuns);
        if (workload.Image.Count > 0)
        {
            yield return ("photo", workload.Image, settings.ImageSearchRuns);
        }
    }
}
