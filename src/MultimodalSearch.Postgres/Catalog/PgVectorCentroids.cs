using System.Numerics.Tensors;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The few vectors per item that the HNSW index holds: k-means centroids of the item's query vectors, normalised.
/// A text's BLIP-2 score is its best single query vector, which one mean blurs (measured recall@10 0.51 on a catalog of
/// near-duplicate renders); the best of 8 centroids ranks candidates nearly as the exact score does (0.975).
/// </summary>
/// <remarks>
/// The clustering is seeded farthest-first (the query vector least like the item's mean, then each time the one least like
/// every seed so far), so that a query vector unlike the others keeps a centroid of its own. That matters because a
/// trained BLIP-2 puts an image's distinguishing content in a few of its 32 query vectors and keeps the rest nearly the
/// same for every image (the demo model: 2 of 32, whose catalog means have norm 0.54 against 0.92 for the others; those
/// two win every text's best match). Seeded with evenly spaced query vectors, such a vector was averaged with the
/// near-constant ones and its centroid ranked texts by a blur: on the variant-heavy catalog the worst-represented query
/// vector of an item had cosine 0.941 with its centroid, and the top 100 items by centroid held 0.797 of each text's exact
/// top 10; seeded farthest-first, 0.998 and 1.000 (schema version 5 recomputes the rows of older catalogs).
/// </remarks>
internal static class PgVectorCentroids
{
    /// <summary>How many index rows each item gets (at most its query count).</summary>
    public const int PerItem = 8;

    private const int Iterations = 10;

    /// <summary>Computes the centroids of <paramref name="embedding"/>'s query vectors, deterministically (seeded farthest-first).</summary>
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
        var centroids = FarthestFirstSeeds(vectors, count, dimensions, k);

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

    /// <summary>
    /// Picks <paramref name="k"/> of the query vectors as the first centroids: the one least like their mean, then each
    /// time the one whose best likeness to the seeds so far is lowest (ties: the lowest index).
    /// </summary>
    private static float[][] FarthestFirstSeeds(ReadOnlySpan<float> vectors, int count, int dimensions, int k)
    {
        var mean = new float[dimensions];
        for (var q = 0; q < count; q++)
        {
            TensorPrimitives.Add(mean, vectors.Slice(q * dimensions, dimensions), mean);
        }

        // Each vector's likeness to the nearest seed so far; before the first seed, to the mean.
        var likeness = new float[count];
        for (var q = 0; q < count; q++)
        {
            likeness[q] = TensorPrimitives.Dot(vectors.Slice(q * dimensions, dimensions), mean);
        }

        var seeds = new float[k][];
        var taken = new bool[count];
        for (var c = 0; c < k; c++)
        {
            var pick = -1;
            for (var q = 0; q < count; q++)
            {
                if (!taken[q] && (pick < 0 || likeness[q] < likeness[pick]))
                {
                    pick = q;
                }
            }

            taken[pick] = true;
            var seed = vectors.Slice(pick * dimensions, dimensions);
            seeds[c] = seed.ToArray();
            for (var q = 0; q < count; q++)
            {
                var score = TensorPrimitives.Dot(vectors.Slice(q * dimensions, dimensions), seed);
                likeness[q] = c == 0 ? score : Math.Max(likeness[q], score);
            }
        }

        return seeds;
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
