namespace MultimodalSearch.Blip2;

/// <summary>
/// How images are decoded before they are resized and normalised for the model. Bound from the
/// <c>Image</c> subsection of the BLIP-2 embedder's configuration.
/// </summary>
public sealed class ImagePreprocessorOptions
{
    /// <summary>The default of <see cref="MaxPixels"/>: 50 megapixels.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>
    /// Gets or sets the most pixels (width x height) an image may declare. A larger image is refused with an
    /// <see cref="InvalidImageException"/> after its header is read and before any pixel memory is allocated,
    /// so a small crafted file cannot make the process allocate gigabytes. Default 50 000 000. Whatever the
    /// limit, an image with a side longer than 65 535 pixels is refused too.
    /// </summary>
    public long MaxPixels { get; set; } = DefaultMaxPixels;

    /// <summary>
    /// Gets or sets a value indicating whether to rotate or flip JPEG (and other) images as their EXIF
    /// orientation tag says before resizing. Off by default, as the reference pipeline (Pillow without
    /// <c>ImageOps.exif_transpose</c>) ignores the tag: embeddings then match images indexed by the reference.
    /// </summary>
    public bool HonorExifOrientation { get; set; }

    /// <summary>Copies the options, so that later changes do not affect a decoder.</summary>
    /// <returns>A copy.</returns>
    internal ImagePreprocessorOptions Clone() => (ImagePreprocessorOptions)MemberwiseClone();
}
