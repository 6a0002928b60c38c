using Microsoft.Extensions.VectorData;

namespace MultimodalSearch.VectorData;

/// <summary>
/// Options of <see cref="VectorDataCatalogStore"/>, bound from the <c>MultimodalSearch:VectorData</c>
/// configuration section by <c>AddVectorDataCatalog()</c>.
/// </summary>
public sealed class VectorDataCatalogOptions
{
    /// <summary>The name of the configuration section under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "VectorData";

    /// <summary>Gets or sets the name of the collection that holds the catalog (default <c>catalog</c>).</summary>
    public string CollectionName { get; set; } = "catalog";

    /// <summary>Gets or sets the width of the query vectors (default 256, BLIP-2's); the collection's vector property is declared with it.</summary>
    public int Dimensions { get; set; } = 256;

    /// <summary>
    /// Gets or sets the distance function of the collection's vector index (default <see cref="DistanceFunction.DotProductSimilarity"/>).
    /// It only picks candidates, which are then scored exactly; for normalised vectors (BLIP-2's) the cosine and
    /// Euclidean functions rank alike, for stores that lack the dot product.
    /// </summary>
    public string DistanceFunction { get; set; } = Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity;

    /// <summary>Gets or sets the index kind of the vector property (default <see cref="IndexKind.Hnsw"/>; <see cref="IndexKind.Flat"/> for exact scans).</summary>
    public string IndexKind { get; set; } = Microsoft.Extensions.VectorData.IndexKind.Hnsw;

    /// <summary>
    /// Gets or sets whether record keys are strings (32 hex digits) rather than <see cref="Guid"/>s (the default),
    /// for stores whose keys must be strings.
    /// </summary>
    public bool StringKeys { get; set; }

    /// <summary>Gets or sets how many candidate items per result wanted are re-scored exactly with all their query vectors (default 3).</summary>
    public int CandidateMultiplier { get; set; } = 3;

    /// <summary>Gets or sets the least number of candidate items of a search with a photo, whose candidates are ranked more roughly (default 100).</summary>
    public int MinImageCandidates { get; set; } = 100;

    /// <summary>Gets or sets how many records one read of a listing (count, categories, content hashes) takes (default 1000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>Copies these options, so that later changes do not affect a store.</summary>
    /// <returns>The copy.</returns>
    internal VectorDataCatalogOptions Clone() => (VectorDataCatalogOptions)MemberwiseClone();
}
