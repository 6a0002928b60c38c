namespace MultimodalSearch.Testing.Catalog;

/// <summary>Recall@k of a store's hits against the exact ranking (the share of the exact top k that the store returned).</summary>
public static class RecallAtK
{
    /// <summary>Computes |exact ∩ actual| / |exact| by id.</summary>
    /// <param name="exact">The exact top k (for instance <see cref="CatalogItems.ExpectedHits"/>).</param>
    /// <param name="actual">The store's hits.</param>
    /// <returns>The recall, 1 when <paramref name="exact"/> is empty.</returns>
    public static double Of(IReadOnlyList<CatalogHit> exact, IReadOnlyList<CatalogHit> actual)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(actual);
        if (exact.Count == 0)
        {
            return 1;
        }

        var found = new HashSet<string>(actual.Select(hit => hit.Id), StringComparer.Ordinal);
        return exact.Count(hit => found.Contains(hit.Id)) / (double)exact.Count;
    }
}
