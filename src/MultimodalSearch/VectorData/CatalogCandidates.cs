using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.VectorData;

/// <summary>
/// Merges the ranked item lists of several search vectors (the text, or each query vector of a photo) into
/// one list of candidates for exact scoring, taking rank by rank across the lists so that every search
/// vector contributes its best items first.
/// </summary>
internal static class CatalogCandidates
{
    /// <summary>Merges ranked lists of item ids.</summary>
    /// <param name="lists">Each search vector's items, best first, each id once per list.</param>
    /// <param name="count">How many candidates to take.</param>
    /// <returns>At most <paramref name="count"/> distinct ids.</returns>
    public static IReadOnlyList<string> Merge(IReadOnlyList<IReadOnlyList<string>> lists, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<string>(count);
        for (var rank = 0; merged.Count < count; rank++)
        {
            var any = false;
            foreach (var list in lists)
            {
                if (rank < list.Count)
                {
                    any = true;
                    if (seen.Add(list[rank]))
                    {
                        merged.Add(list[rank]);
                        if (merged.Count == count)
                        {
                            break;
                        }
                    }
                }
            }

            if (!any)
            {
                break;
            }
        }

        return merged;
    }

    /// <summary>Gets how many candidates a query re-scores.</summary>
    /// <param name="query">The query.</param>
    /// <param name="options">The store's options.</param>
    /// <returns>The number of candidate items.</returns>
    public static int CountFor(CatalogQuery query, VectorDataCatalogOptions options)
    {
        var count = (long)query.Top * options.CandidateMultiplier;
        if (CatalogScoring.ImageWeight(query) > 0)
        {
            // A photo's candidates come from 32 separate lists, a rougher ranking: re-score more of them.
            count = Math.Max(count, options.MinImageCandidates);
        }

        return (int)Math.Min(count, 1_000_000);
    }
}
