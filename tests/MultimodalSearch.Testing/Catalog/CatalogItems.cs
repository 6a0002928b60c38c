using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Testing.Catalog;

/// <summary>Builds catalog items over <see cref="SyntheticEmbeddings"/> for store tests.</summary>
public static class CatalogItems
{
    /// <summary>Creates an item whose embedding is selected by <paramref name="seed"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="category">The category.</param>
    /// <param name="seed">Selects the embedding.</param>
    /// <param name="dimensions">The width of each query vector.</param>
    /// <param name="queryCount">The number of query vectors.</param>
    /// <returns>The item, with a name, image location, content hash and metadata derived from the id.</returns>
    public static CatalogItem Create(
        string id,
        string category,
        int seed,
        int dimensions = SyntheticEmbeddings.Dimensions,
        int queryCount = SyntheticEmbeddings.QueryCount) =>
        new()
        {
            Id = id,
            Category = category,
            Name = "Name of " + id,
            ImageLocation = "images/" + category + "/" + id + ".jpg",
            ContentHash = "hash-" + id + "-" + seed,
            Metadata = new Dictionary<string, string> { ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["id"] = id },
            Embedding = SyntheticEmbeddings.Image(seed, dimensions, queryCount),
        };

    /// <summary>
    /// Ranks <paramref name="items"/> for <paramref name="query"/> by brute force with
    /// <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>: the result every correct store must give.
    /// </summary>
    /// <param name="items">The items in the store.</param>
    /// <param name="query">The query.</param>
    /// <param name="asStored">Maps an item's vectors to what the store keeps (identity for float32 stores).</param>
    /// <returns>The expected hits, best first, ties by id (ordinal).</returns>
    public static IReadOnlyList<CatalogHit> ExpectedHits(IEnumerable<CatalogItem> items, CatalogQuery query, Func<ReadOnlyMemory<float>, float[]> asStored)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(asStored);
        var filter = query.Categories is { Count: > 0 } categories ? new HashSet<string>(categories, StringComparer.Ordinal) : null;
        return items
            .Where(item => filter is null || filter.Contains(item.Category))
            .Select(item => CatalogScoring.Hit(item, CatalogScoring.Score(query, asStored(item.Embedding.Vectors), item.Embedding.Dimensions)))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Id, StringComparer.Ordinal)
            .Take(query.Top)
            .ToList();
    }
}
