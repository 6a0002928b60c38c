namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// Distance functions that pgvector has and <see cref="Microsoft.Extensions.VectorData.DistanceFunction"/> does not name;
/// set one as a vector property's <c>DistanceFunction</c>.
/// </summary>
public static class PgVectorDistanceFunction
{
    /// <summary>
    /// The Jaccard distance between two bit vectors (<see cref="System.Collections.BitArray"/> or
    /// <see cref="Microsoft.Extensions.AI.BinaryEmbedding"/>): 1 minus the share of set bits the two have in common, from 0
    /// (the same bits set) to 1 (none in common); pgvector's <c>&lt;%&gt;</c>. Lower is closer.
    /// </summary>
    public const string JaccardDistance = nameof(JaccardDistance);
}
