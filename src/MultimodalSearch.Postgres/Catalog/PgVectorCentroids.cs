using System.Numerics.Tensors;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The few vectors per item that the HNSW index holds: k-means centroids of the item's query vectors, normalised.
/// A text's BLIP-2 score is its best single query vector, which one mean blurs (measured recall@10 0.51 on a catalog of
/// near-duplicate renders); the best of 8 centroids ranks candidates nearly as the exact score does (0.975).
/// </summary>
internal static class PgVectorCentroids
{
    /// <summary>How many index rows each item gets (at most its query count).</summary>
    public const int PerItem = 8;

    private const int Iterations = 10;

    /// <summary>Computes the centroids of <paramref name="embedding"/>'s query vectors, deterministically (seeded with evenly spaced query vectors).</summary>
    /// <param name="embedding">The item's embedding.</param>
    /// <returns>Up to <see cref="PerItem"/> normalised centroids (fewer when the item has fewer query vectors).</returns>
    public static float[][] Compute(ImageEmbedding embedding) => Cluster(embedding).Centroids;

    /// <summary>
    /// Groups <paramref name="embedding"/>'s query vectors as <see cref="Compute"/> does and returns each non-empty group's
    /// mean (not normalised) and its share of the vectors: a photo query in a few weighted vectors, whose weighted best
    /// matches against an item's vectors approach the mean of the query vectors' best matches (a lower bound of it:
    /// the best match of a mean is at most the mean of the members' best matches).
    /// </summary>
    /// <param name="embedding">The query's embedding.</param>
    /// <returns>Up to <see cref="PerItem"/> group means with their weights, which sum to 1.</returns>
    public static (float[] Mean, float Weight)[] Groups(ImageEmbedding embedding)
    {
        var (_, assignment) = Cluster(embedding);
        var count = embedding.QueryCount;
        var dimensions = embedding.Dimensions;
        var vectors = embedding.Vectors.Span;
        var groups = new List<(float[] Mean, float Weight)>();
        for (var c = 0; c < Math.Min(PerItem, count); c++)
        {
            var sum = SumMembers(vectors, dimensions, assignment, c, out var members);
            if (members > 0)
            {
                TensorPrimitives.Divide(sum, members, sum);
                groups.Add((sum, (float)members / count));
            }
        }

        return [.. groups];
    }

    private static (float[][] Centroids, int[] Assignment) Cluster(ImageEmbedding embedding)
    {
        var count = embedding.QueryCount;
        var dimensions = embedding.Dimensions;
        var vectors = embedding.Vectors.Span;
        var k = Math.Min(PerItem, count);
        var centroids = new float[k][];
        for (var c = 0; c < k; c++)
        {
            centroids[c] = vectors.Slice(c * count / k * dimensions, dimensions).ToArray();
        }

        var assignment = new int[count];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var q = 0; q < count; q++)
            {
                var row = vectors.Slice(q * dimensions, dimensions);
                var best = 0;
                var bestScore = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var score = TensorPrimitives.Dot(row, centroids[c]);
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = c;
                    }
                }

                assignment[q] = best;
            }

            for (var c = 0; c < k; c++)
            {
                var sum = SumMembers(vectors, dimensions, assignment, c, out var members);
                if (members > 0 && Normalize(sum))
                {
                    centroids[c] = sum;
                }
            }
        }

        return (centroids, assignment);
    }

    private static float[] SumMembers(ReadOnlySpan<float> vectors, int dimensions, int[] assignment, int group, out int members)
    {
        var sum = new float[dimensions];
        members = 0;
        for (var q = 0; q < assignment.Length; q++)
        {
            if (assignment[q] == group)
            {
                TensorPrimitives.Add(sum, vectors.Slice(q * dimensions, dimensions), sum);
                members++;
            }
        }

        return sum;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place.</summary>
    /// <param name="vector">The vector.</param>
    /// <returns>False when it is all zeros (left as it is).</returns>
    public static bool Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm <= 0)
        {
            return false;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}
