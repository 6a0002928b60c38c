namespace MultimodalSearch;

/// <summary>
/// The embedding of one text in the shared image-text space: a single L2-normalised vector
/// (for BLIP-2, the projected [CLS] token, 256 floats).
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class TextEmbedding
{
    /// <summary>Creates a text embedding over <paramref name="vector"/>.</summary>
    /// <param name="vector">The vector; the instance keeps a reference to it, so do not change it afterwards.</param>
    /// <exception cref="ArgumentException"><paramref name="vector"/> is empty.</exception>
    public TextEmbedding(ReadOnlyMemory<float> vector)
    {
        if (vector.IsEmpty)
        {
            throw new ArgumentException("A text embedding needs at least one dimension.", nameof(vector));
        }

        Vector = vector;
    }

    /// <summary>Gets the vector.</summary>
    public ReadOnlyMemory<float> Vector { get; }

    /// <summary>Gets the number of dimensions of <see cref="Vector"/>.</summary>
    public int Dimensions => Vector.Length;
}
