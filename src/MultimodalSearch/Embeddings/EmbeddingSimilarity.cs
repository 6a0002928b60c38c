using System.Numerics.Tensors;

namespace MultimodalSearch;

/// <summary>
/// The similarity functions of the BLIP-2 image-text space, shared by every store so that they all
/// score alike.
/// </summary>
public static class EmbeddingSimilarity
{
    /// <summary>
    /// BLIP-2's image-text contrastive score: the maximum, over the image's query vectors, of the dot
    /// product with the text vector.
    /// </summary>
    /// <param name="text">The text embedding.</param>
    /// <param name="image">The image embedding.</param>
    /// <returns>The score, in [-1, 1] for normalised vectors.</returns>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static float TextToImage(TextEmbedding text, ImageEmbedding image)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(image);
        EnsureSameDimensions(text.Dimensions, image.Dimensions);
        return MaxDot(text.Vector.Span, image.Vectors.Span, image.Dimensions);
    }

    /// <summary>
    /// The maximum over the rows of <paramref name="queries"/> (row-major, <paramref name="dimensions"/> wide)
    /// of the dot product with <paramref name="vector"/>.
    /// </summary>
    /// <param name="vector">The vector, <paramref name="dimensions"/> long.</param>
    /// <param name="queries">The query vectors, row-major.</param>
    /// <param name="dimensions">The width of one row.</param>
    /// <returns>The maximum dot product.</returns>
    public static float MaxDot(ReadOnlySpan<float> vector, ReadOnlySpan<float> queries, int dimensions)
    {
        if (vector.Length != dimensions || queries.Length == 0 || queries.Length % dimensions != 0)
        {
            throw new ArgumentException($"Expected a vector of {dimensions} and rows of {dimensions}; got {vector.Length} and {queries.Length}.");
        }

        var best = float.NegativeInfinity;
        for (var offset = 0; offset < queries.Length; offset += dimensions)
        {
            var dot = TensorPrimitives.Dot(vector, queries.Slice(offset, dimensions));
            if (dot > best)
            {
                best = dot;
            }
        }

        return best;
    }

    /// <summary>
    /// Image-to-image similarity over two sets of query vectors, as chosen by <paramref name="kind"/>.
    /// </summary>
    /// <param name="query">The query image (the shopper's photo).</param>
    /// <param name="item">The catalog image.</param>
    /// <param name="kind">The similarity to compute.</param>
    /// <returns>The similarity, in [-1, 1] for normalised vectors.</returns>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static float ImageToImage(ImageEmbedding query, ImageEmbedding item, ImageSimilarity kind = ImageSimilarity.MeanOfBestMatches)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(item);
        EnsureSameDimensions(query.Dimensions, item.Dimensions);
        return ImageToImage(query.Vectors.Span, item.Vectors.Span, query.Dimensions, kind);
    }

    /// <summary>Image-to-image similarity over raw row-major query vectors; see <see cref="ImageToImage(ImageEmbedding, ImageEmbedding, ImageSimilarity)"/>.</summary>
    /// <param name="query">The query image's vectors, row-major.</param>
    /// <param name="item">The catalog image's vectors, row-major.</param>
    /// <param name="dimensions">The width of one row.</param>
    /// <param name="kind">The similarity to compute.</param>
    /// <returns>The similarity.</returns>
    public static float ImageToImage(ReadOnlySpan<float> query, ReadOnlySpan<float> item, int dimensions, ImageSimilarity kind)
    {
        switch (kind)
        {
            case ImageSimilarity.MeanOfBestMatches:
                {
                    var sum = 0f;
                    var rows = 0;
                    for (var offset = 0; offset < query.Length; offset += dimensions, rows++)
                    {
                        sum += MaxDot(query.Slice(offset, dimensions), item, dimensions);
                    }

                    return sum / rows;
                }

            case ImageSimilarity.BestPair:
                {
                    var best = float.NegativeInfinity;
                    for (var offset = 0; offset < query.Length; offset += dimensions)
                    {
                        best = MathF.Max(best, MaxDot(query.Slice(offset, dimensions), item, dimensions));
                    }

                    return best;
                }

            case ImageSimilarity.MeanPooledCosine:
                {
                    Span<float> a = dimensions <= 1024 ? stackalloc float[dimensions] : new float[dimensions];
                    Span<float> b = dimensions <= 1024 ? stackalloc float[dimensions] : new float[dimensions];
                    MeanPool(query, dimensions, a);
                    MeanPool(item, dimensions, b);
                    return TensorPrimitives.CosineSimilarity(a, b);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown image similarity.");
        }
    }

    /// <summary>
    /// Pools the query vectors of an image into one L2-normalised vector (their mean, re-normalised).
    /// This is the single-vector form used where an ecosystem expects one vector per image; it ranks
    /// text queries far worse than <see cref="TextToImage(TextEmbedding, ImageEmbedding)"/>.
    /// </summary>
    /// <param name="image">The image embedding.</param>
    /// <returns>A new array with the pooled vector.</returns>
    public static float[] MeanPool(ImageEmbedding image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new float[image.Dimensions];
        MeanPool(image.Vectors.Span, image.Dimensions, result);
        return result;
    }

    private static void MeanPool(ReadOnlySpan<float> rows, int dimensions, Span<float> destination)
    {
        destination.Clear();
        for (var offset = 0; offset < rows.Length; offset += dimensions)
        {
            TensorPrimitives.Add(destination, rows.Slice(offset, dimensions), destination);
        }

        var norm = TensorPrimitives.Norm(destination);
        if (norm > 0)
        {
            TensorPrimitives.Divide(destination, norm, destination);
        }
    }

    private static void EnsureSameDimensions(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"Embedding dimensions differ: {a} and {b}.");
        }
    }
}
