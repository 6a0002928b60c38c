using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace MultimodalSearch.Postgres;

/// <summary>
/// How one MEVD distance function maps onto pgvector: the operator that orders by it (ascending, so that
/// the HNSW index is used), the index operator class, and how the operator's value becomes the MEVD score.
/// </summary>
/// <param name="Function">The MEVD distance function.</param>
/// <param name="Operator">The pgvector operator; smaller is closer for every one of them.</param>
/// <param name="OperatorClass">The HNSW operator class that serves <paramref name="Operator"/>.</param>
/// <param name="HigherIsBetter">Whether a higher score means closer (similarities) or a lower one (distances).</param>
internal sealed record PgVectorDistance(string Function, string Operator, string OperatorClass, bool HigherIsBetter)
{
    /// <summary>The distance function used when a vector property names none (MEVD's Postgres connectors default to it too).</summary>
    public const string Default = DistanceFunction.CosineDistance;

    /// <summary>The distance functions the collection supports.</summary>
    public const string Supported =
        "CosineDistance, CosineSimilarity, DotProductSimilarity, NegativeDotProductSimilarity, EuclideanDistance, EuclideanSquaredDistance or ManhattanDistance";

    /// <summary>Gets the mapping of <paramref name="vector"/>'s distance function.</summary>
    /// <param name="vector">The vector property.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="NotSupportedException">pgvector has no operator for the function, or the index kind is not HNSW or flat.</exception>
    public static PgVectorDistance For(VectorPropertyModel vector)
    {
        var kind = vector.IndexKind ?? IndexKind.Hnsw;
        if (kind != IndexKind.Hnsw && kind != IndexKind.Flat)
        {
            throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' asks for index kind '{kind}'; PgVectorCollection supports {IndexKind.Hnsw} and {IndexKind.Flat}.");
        }

        if (vector.Dimensions > MaxDimensions(kind))
        {
            throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' has {vector.Dimensions} dimensions; pgvector takes at most {MaxDimensions(kind)} with index kind {kind}.");
        }

        return (vector.DistanceFunction ?? Default) switch
        {
            DistanceFunction.CosineDistance => new(DistanceFunction.CosineDistance, "<=>", "vector_cosine_ops", HigherIsBetter: false),
            DistanceFunction.CosineSimilarity => new(DistanceFunction.CosineSimilarity, "<=>", "vector_cosine_ops", HigherIsBetter: true),
            DistanceFunction.DotProductSimilarity => new(DistanceFunction.DotProductSimilarity, "<#>", "vector_ip_ops", HigherIsBetter: true),
            DistanceFunction.NegativeDotProductSimilarity => new(DistanceFunction.NegativeDotProductSimilarity, "<#>", "vector_ip_ops", HigherIsBetter: false),
            DistanceFunction.EuclideanDistance => new(DistanceFunction.EuclideanDistance, "<->", "vector_l2_ops", HigherIsBetter: false),
            DistanceFunction.EuclideanSquaredDistance => new(DistanceFunction.EuclideanSquaredDistance, "<->", "vector_l2_ops", HigherIsBetter: false),
            DistanceFunction.ManhattanDistance => new(DistanceFunction.ManhattanDistance, "<+>", "vector_l1_ops", HigherIsBetter: false),
            var other => throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' asks for distance function '{other}'; PgVectorCollection supports {Supported}."),
        };
    }

    /// <summary>Turns the value of <see cref="Operator"/> into the MEVD score of <see cref="Function"/>.</summary>
    /// <param name="value">The operator's value.</param>
    /// <returns>The score.</returns>
    public double ToScore(double value) => Function switch
    {
        // pgvector's <#> is the negative inner product; <=> is 1 - cosine similarity.
        DistanceFunction.DotProductSimilarity => -value,
        DistanceFunction.CosineSimilarity => 1 - value,
        DistanceFunction.EuclideanSquaredDistance => value * value,
        _ => value,
    };

    /// <summary>Gets whether <paramref name="score"/> passes <paramref name="threshold"/> (at least it for similarities, at most it for distances).</summary>
    /// <param name="score">The score.</param>
    /// <param name="threshold">The threshold, or null for none.</param>
    /// <returns>True when the result is kept.</returns>
    public bool Passes(double score, double? threshold) =>
        threshold is not { } limit || (HigherIsBetter ? score >= limit : score <= limit);

    private static int MaxDimensions(string kind) => kind == IndexKind.Hnsw ? 2000 : 16000;
}
