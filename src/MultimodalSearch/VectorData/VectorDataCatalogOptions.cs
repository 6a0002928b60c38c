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

    private static readonly string[] RankingDistanceFunctions =
    [
        Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.NegativeDotProductSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance,
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanDistance,
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanSquaredDistance,
    ];

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

    /// <summary>Lists the problems of these options.</summary>
    /// <returns>One message per problem, naming the setting.</returns>
    internal IEnumerable<string> GetErrors()
    {
        if (string.IsNullOrWhiteSpace(CollectionName))
        {
            yield return "MultimodalSearch:VectorData:CollectionName is required.";
        }

        if (Dimensions is < 1 or > 16_000)
        {
            yield return $"MultimodalSearch:VectorData:Dimensions must be between 1 and 16000; got {Dimensions}.";
        }

        if (!RankingDistanceFunctions.Contains(DistanceFunction, StringComparer.Ordinal))
        {
            yield return $"MultimodalSearch:VectorData:DistanceFunction must be one of {string.Join(", ", RankingDistanceFunctions)} (functions that rank normalised vectors by their dot product); got '{DistanceFunction}'.";
        }

        if (string.IsNullOrWhiteSpace(IndexKind))
        {
            yield return "MultimodalSearch:VectorData:IndexKind is required (for example Hnsw or Flat).";
        }

        if (CandidateMultiplier is < 1 or > 100)
        {
            yield return $"MultimodalSearch:VectorData:CandidateMultiplier must be between 1 and 100; got {CandidateMultiplier}.";
        }

        if (MinImageCandidates is < 1 or > 10_000)
        {
            yield return $"MultimodalSearch:VectorData:MinImageCandidates must be between 1 and 10000; got {MinImageCandidates}.";
        }

        if (PageSize is < 1 or > 100_000)
        {
            yield return $"MultimodalSearch:VectorData:PageSize must be between 1 and 100000; got {PageSize}.";
        }
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <exception cref="ArgumentException">The message lists every problem.</exception>
    internal void ThrowIfInvalid()
    {
        var errors = GetErrors().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), "options");
        }
    }

    /// <summary>Copies these options, so that later changes do not affect a store.</summary>
    /// <returns>The copy.</returns>
    internal VectorDataCatalogOptions Copy() => (VectorDataCatalogOptions)MemberwiseClone();
}
