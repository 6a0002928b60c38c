namespace MultimodalSearch.Blip2.Imaging;

/// <summary>What an image's header declares, read before anything is decoded.</summary>
/// <param name="Format">The format.</param>
/// <param name="Width">The declared width in pixels (as stored, before any EXIF orientation).</param>
/// <param name="Height">The declared height in pixels.</param>
internal readonly record struct ImageHeader(ImageFormat Format, long Width, long Height)
{
    /// <summary>Gets the declared number of pixels (saturating: two 32-bit sides can overflow a long).</summary>
    public long Pixels => Height > 0 && Width > long.MaxValue / Height ? long.MaxValue : Width * Height;

    /// <summary>Gets a value indicating whether the image is a sequential (baseline) JPEG, which decodes row by row without holding the whole image.</summary>
    public bool Sequential { get; init; }
}
