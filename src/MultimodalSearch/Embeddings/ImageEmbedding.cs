namespace MultimodalSearch;

/// <summary>
/// The embedding of one image: a set of L2-normalised query vectors (for BLIP-2, the 32 Q-Former
/// query tokens x 256 floats), stored row-major in one contiguous buffer so that stores can keep
/// and scan all of them.
/// </summary>
/// <remarks>
/// BLIP-2 scores an image against a text by the best of its query vectors
/// (<see cref="EmbeddingSimilarity.TextToImage(TextEmbedding, ImageEmbedding)"/>); pooling the queries into
/// one vector loses most of that signal. Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class ImageEmbedding
{
    /// <summary>Creates an image embedding from <paramref name="queryCount"/> vectors stored row-major in <paramref name="vectors"/>.</summary>
    /// <param name="vectors">The query vectors, <paramref name="queryCount"/> x dimensions, row-major. The instance keeps a reference to it.</param>
    /// <param name="queryCount">The number of query vectors.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="queryCount"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="vectors"/> is not a positive multiple of <paramref name="queryCount"/>.</exception>
    public ImageEmbedding(ReadOnlyMemory<float> vectors, int queryCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryCount);
        if (vectors.IsEmpty || vectors.Length % queryCount != 0)
        {
            throw new ArgumentException(
                $"An image embedding of {queryCount} query vectors needs a positive multiple of {queryCount} floats; got {vectors.Length}.",
                nameof(vectors));
        }

        Vectors = vectors;
        QueryCount = queryCount;
        Dimensions = vectors.Length / queryCount;
    }

    /// <summary>Gets all query vectors, row-major (<see cref="QueryCount"/> x <see cref="Dimensions"/>).</summary>
    public ReadOnlyMemory<float> Vectors { get; }

    /// <summary>Gets the number of query vectors.</summary>
    public int QueryCount { get; }

    /// <summary>Gets the number of dimensions of each query vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets query vector <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based index of the query vector.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="QueryCount"/>).</exception>
    public ReadOnlyMemory<float> GetQuery(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, QueryCount);
        return Vectors.Slice(index * Dimensions, Dimensions);
    }
}
