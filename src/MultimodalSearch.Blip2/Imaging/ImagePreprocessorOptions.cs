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
    /// <summary>
    /// Gets or sets the most decoded pixels that the embedder's image decodes may hold in memory at once, shared by
    /// every caller (the ingestion's readers and concurrent requests) and, when both come from <c>AddBlip2Onnx</c>, by
    /// the thumbnailer (which decodes a JPEG at a fraction of its size where it can); 0 (the default) means twice
    /// <see cref="MaxPixels"/>: two images at the limit (about 400 MB at 4 bytes per pixel). A decode waits
    /// (asynchronously) until its pixels fit; an image that needs more than the whole budget is refused with an
    /// <see cref="InvalidImageException"/>. A whole-image decode (PNG, WebP, GIF, BMP, progressive JPEG) counts
    /// width x height pixels (twice that with <see cref="HonorExifOrientation"/>, for the turned copy); a baseline
    /// JPEG, decoded row by row, counts a few rows and the half-resized image (as wide as the model's input).
    /// </summary>
    public long DecodeBudgetPixels { get; set; }
}
