using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace MultimodalSearch.Postgres.VectorData;

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
    /// <summary>The distance function used when a vector property names none (MEVD's Postgres connectors default to it too); Hamming for bit vectors.</summary>
    public const string Default = DistanceFunction.CosineDistance;

    /// <summary>The distance functions the collection supports.</summary>
    public const string Supported =
        "CosineDistance, CosineSimilarity, DotProductSimilarity, NegativeDotProductSimilarity, EuclideanDistance, EuclideanSquaredDistance or ManhattanDistance "
        + "for float, Half and sparse vectors (sparse: not ManhattanDistance); HammingDistance or JaccardDistance for bit vectors";

    /// <summary>Gets the mapping of <paramref name="vector"/>'s distance function.</summary>
    /// <param name="vector">The vector property.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="NotSupportedException">pgvector has no operator for the function on the property's vector type, or the index kind is not HNSW or flat.</exception>
    public static PgVectorDistance For(VectorPropertyModel vector)
    {
        var kind = vector.IndexKind ?? IndexKind.Hnsw;
        if (kind != IndexKind.Hnsw && kind != IndexKind.Flat)
        {
            throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' asks for index kind '{kind}'; PgVectorCollection supports {IndexKind.Hnsw} and {IndexKind.Flat}.");
        }

        var type = PgVectorColumnTypes.VectorSqlType(vector);
        if (vector.Dimensions > MaxDimensions(type, kind))
        {
            throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' has {vector.Dimensions} dimensions; pgvector takes at most {MaxDimensions(type, kind)} in a {type} with index kind {kind}.");
        }

        if (type == "bit")
        {
            return (vector.DistanceFunction ?? DistanceFunction.HammingDistance) switch
            {
                DistanceFunction.HammingDistance => new(DistanceFunction.HammingDistance, "<~>", "bit_hamming_ops", HigherIsBetter: false),
                PgVectorDistanceFunction.JaccardDistance => new(PgVectorDistanceFunction.JaccardDistance, "<%>", "bit_jaccard_ops", HigherIsBetter: false),
                var other => throw new NotSupportedException(
                    $"Vector property '{vector.ModelName}' is a bit vector and asks for distance function '{other}'; bit vectors support HammingDistance and JaccardDistance."),
            };
        }

        // sparsevec has no L1 operator class; vector and halfvec have every one of these.
        var function = vector.DistanceFunction ?? Default;
        if (type == "sparsevec" && function == DistanceFunction.ManhattanDistance)
        {
            throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' is a SparseVector and asks for ManhattanDistance, which pgvector indexes only for vector and halfvec.");
        }

        return function switch
        {
            DistanceFunction.CosineDistance => new(DistanceFunction.CosineDistance, "<=>", type + "_cosine_ops", HigherIsBetter: false),
            DistanceFunction.CosineSimilarity => new(DistanceFunction.CosineSimilarity, "<=>", type + "_cosine_ops", HigherIsBetter: true),
            DistanceFunction.DotProductSimilarity => new(DistanceFunction.DotProductSimilarity, "<#>", type + "_ip_ops", HigherIsBetter: true),
            DistanceFunction.NegativeDotProductSimilarity => new(DistanceFunction.NegativeDotProductSimilarity, "<#>", type + "_ip_ops", HigherIsBetter: false),
            DistanceFunction.EuclideanDistance => new(DistanceFunction.EuclideanDistance, "<->", type + "_l2_ops", HigherIsBetter: false),
            DistanceFunction.EuclideanSquaredDistance => new(DistanceFunction.EuclideanSquaredDistance, "<->", type + "_l2_ops", HigherIsBetter: false),
            DistanceFunction.ManhattanDistance => new(DistanceFunction.ManhattanDistance, "<+>", type + "_l1_ops", HigherIsBetter: false),
            DistanceFunction.HammingDistance or PgVectorDistanceFunction.JaccardDistance => throw new NotSupportedException(
                $"Vector property '{vector.ModelName}' asks for distance function '{function}', which pgvector has only for bit vectors (BitArray or BinaryEmbedding); this property is a {type}."),
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

    // pgvector's limits: HNSW indexes 2000 (vector), 4000 (halfvec), 64000 (bit) dimensions and sparse vectors of any
    // width (up to 1000 non-zero elements, checked by the server); the types themselves hold 16000 dimensions (dense).
    private static int MaxDimensions(string type, string kind) => (type, kind) switch
    {
        ("sparsevec", _) => 1_000_000_000,
        ("bit", _) when kind == IndexKind.Hnsw => 64_000,
        ("bit", _) => 83_886_080,
        ("halfvec", _) when kind == IndexKind.Hnsw => 4000,
        (_, _) when kind == IndexKind.Hnsw => 2000,
        _ => 16000,
    };
}
