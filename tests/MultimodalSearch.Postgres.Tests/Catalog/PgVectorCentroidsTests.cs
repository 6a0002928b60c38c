using System.Numerics.Tensors;
using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The centroid rows an item gets: every query vector must stay close to one of them, above all a vector unlike the
/// others, which is where a trained BLIP-2 puts what tells an image apart (and so what wins a text's best match).
/// </summary>
public sealed class PgVectorCentroidsTests
{
    private const int Dimensions = 64;
    private const int QueryCount = 32;

    [Theory]
    [InlineData(new[] { 2, 29 })]
    [InlineData(new[] { 0, 31 })]
    [InlineData(new[] { 5, 6, 17 })]
    [InlineData(new[] { 1, 9, 13, 21, 30 })]
    public void A_query_vector_unlike_the_others_keeps_a_centroid_of_its_own(int[] distinct)
    {
        // Most query vectors nearly the same for every image (a shared direction plus a little noise), a few carrying
        // the image's own content: the shape of the demo model's embeddings (2 of 32 distinct).
        var random = new Random(1234 + distinct.Sum());
        var shared = Unit(random, Dimensions);
        var vectors = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            var row = vectors.AsSpan(q * Dimensions, Dimensions);
            var own = Unit(random, Dimensions);
            var sharedWeight = distinct.Contains(q) ? 0.3f : 1f;
            var ownWeight = distinct.Contains(q) ? 1f : 0.05f;
            for (var d = 0; d < Dimensions; d++)
            {
                row[d] = (sharedWeight * shared[d]) + (ownWeight * own[d]);
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        var embedding = new ImageEmbedding(vectors, QueryCount);
        var centroids = PgVectorCentroids.Compute(embedding);

        Assert.Equal(PgVectorCentroids.PerItem, centroids.Length);
        Assert.All(centroids, c => Assert.Equal(1f, TensorPrimitives.Norm(c), 4));
        foreach (var q in distinct)
        {
            // Its centroid is the vector itself: its best match with a text is ranked as the exact score ranks it.
            Assert.True(Best(embedding.GetQuery(q).Span, centroids) > 0.9999f, $"query vector {q}: best centroid cosine {Best(embedding.GetQuery(q).Span, centroids)}");
        }

        for (var q = 0; q < QueryCount; q++)
        {
            Assert.True(Best(embedding.GetQuery(q).Span, centroids) > 0.99f, $"query vector {q}: best centroid cosine {Best(embedding.GetQuery(q).Span, centroids)}");
        }
    }

    [Fact]
    public void The_centroids_are_deterministic_and_photo_groups_cover_every_query_vector_once()
    {
        var random = new Random(99);
        var vectors = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            Unit(random, Dimensions).CopyTo(vectors.AsSpan(q * Dimensions));
        }

        var embedding = new ImageEmbedding(vectors, QueryCount);
        var first = PgVectorCentroids.Compute(embedding);
        var second = PgVectorCentroids.Compute(new ImageEmbedding(vectors.ToArray(), QueryCount));
        Assert.Equal(first.Length, second.Length);
        for (var c = 0; c < first.Length; c++)
        {
            Assert.Equal(first[c], second[c]);
        }

        var groups = PgVectorCentroids.Groups(embedding);
        Assert.Equal(1f, groups.Sum(g => g.Weight), 5);
        Assert.All(groups, g => Assert.Equal(0f, g.Weight * QueryCount % 1f, 4));
    }

    [Fact]
    public void Identical_query_vectors_give_centroids_equal_to_them()
    {
        var row = Unit(new Random(7), Dimensions);
        var vectors = Enumerable.Repeat(row, QueryCount).SelectMany(r => r).ToArray();
        var centroids = PgVectorCentroids.Compute(new ImageEmbedding(vectors, QueryCount));
        Assert.Equal(PgVectorCentroids.PerItem, centroids.Length);
        Assert.All(centroids, c => Assert.True(TensorPrimitives.Dot(c, row) > 0.9999f));
    }

    private static float Best(ReadOnlySpan<float> vector, float[][] centroids)
    {
        var best = float.MinValue;
        foreach (var centroid in centroids)
        {
            best = Math.Max(best, TensorPrimitives.Dot(vector, centroid));
        }

        return best;
    }

    private static float[] Unit(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
