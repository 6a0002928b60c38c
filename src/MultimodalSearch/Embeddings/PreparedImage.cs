namespace MultimodalSearch;

/// <summary>
/// An image decoded and preprocessed into the model's input tensor (for BLIP-2: 3 x 224 x 224 floats, CHW,
/// normalised), ready to be embedded in a batch. Preparing is CPU work that can run in parallel with
/// embedding; see <see cref="IMultimodalEmbedder.PrepareImageAsync(ImageInput, CancellationToken)"/>.
/// </summary>
public sealed class PreparedImage
{
    /// <summary>Creates a prepared image.</summary>
    /// <param name="name">The image's name, for errors and logs.</param>
    /// <param name="pixels">The model input for this image. The instance keeps a reference to it.</param>
    public PreparedImage(string name, ReadOnlyMemory<float> pixels)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (pixels.IsEmpty)
        {
            throw new ArgumentException("A prepared image needs pixels.", nameof(pixels));
        }

        Name = name;
        Pixels = pixels;
    }

    /// <summary>Gets the image's name.</summary>
    public string Name { get; }

    /// <summary>Gets the model input for this image.</summary>
    public ReadOnlyMemory<float> Pixels { get; }
}
