using MultimodalSearch.Blip2.Imaging;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Thumbnails;

/// <summary>
/// How one thumbnail is made: the size to decode at (smaller than stored where the codec can shrink while it
/// decodes), the size to resize to, the turn, and the pixels all that holds at once.
/// </summary>
/// <param name="Decoded">The size decoded, as stored (not turned).</param>
/// <param name="Output">The thumbnail's size, as stored (not turned).</param>
/// <param name="Origin">The EXIF orientation to undo.</param>
internal readonly record struct ThumbnailPlan(SKSizeI Decoded, SKSizeI Output, SKEncodedOrigin Origin)
{
    /// <summary>Gets a value indicating whether the decoded image is resized.</summary>
    public bool Resizes => Output != Decoded;

    /// <summary>Gets a value indicating whether the image is turned upright.</summary>
    public bool Turns => Origin != SKEncodedOrigin.TopLeft;

    /// <summary>Gets the thumbnail's upright size.</summary>
    public SKSizeI Upright => ExifOrientation.SwapsAxes(Origin) ? new SKSizeI(Output.Height, Output.Width) : Output;

    /// <summary>
    /// Gets the pixels held at once: the decoded image and its resized (or turned) copy; the decoded image is
    /// freed before a resized thumbnail is turned, so the turn needs no more.
    /// </summary>
    public long Pixels => Area(Decoded) + (Resizes || Turns ? Area(Output) : 0);

    /// <summary>Plans the thumbnail of an opened image.</summary>
    /// <param name="source">The opened image.</param>
    /// <param name="maxSide">The longest side of the thumbnail.</param>
    /// <returns>The plan.</returns>
    public static ThumbnailPlan For(SkiaImageSource source, int maxSide)
    {
        var stored = new SKSizeI(source.Width, source.Height);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(source.Width, source.Height));
        var output = new SKSizeI(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        var decoded = stored;
        if (scale < 1.0)
        {
            // JPEG shrinks by eighths while it decodes; libjpeg-turbo rounds up, so the result is at least the
            // thumbnail's size and the resize still only shrinks. Any codec that rounded down would lose detail:
            // decode that one whole.
            var scaled = source.ScaledSize((float)scale);
            if (scaled.Width >= output.Width && scaled.Height >= output.Height && Area(scaled) < Area(stored))
            {
                decoded = scaled;
            }
        }

        return new ThumbnailPlan(decoded, output, source.Origin);
    }

    private static long Area(SKSizeI size) => (long)size.Width * size.Height;
}
