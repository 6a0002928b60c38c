using System.Globalization;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>The reasons an image is refused, worded once so that every path says the same thing.</summary>
internal static class ImageErrors
{
    /// <summary>The start of the reason for a cut-short or damaged file.</summary>
    public const string Corrupt = "truncated or corrupt image data";

    /// <summary>Creates the error for a cut-short or damaged file.</summary>
    /// <param name="imageName">The image's name.</param>
    /// <param name="detail">What exactly was wrong.</param>
    /// <param name="inner">The underlying error, if any.</param>
    /// <returns>The exception.</returns>
    public static InvalidImageException CorruptImage(string imageName, string detail, Exception? inner = null) =>
        new(imageName, $"{Corrupt} ({detail})", inner);

    /// <summary>The longest side accepted, in pixels (JPEG's own maximum).</summary>
    /// <remarks>
    /// Shrinking a side of n pixels needs weights for about 4n of them per pass: a 1 x 50 000 000 PNG (a tiny
    /// file, within the pixel limit) would need gigabytes of weights, in Pillow as here.
    /// </remarks>
    public const int MaxSide = 65_535;

    /// <summary>Creates the error for an image with a side longer than <see cref="MaxSide"/>.</summary>
    /// <param name="imageName">The image's name.</param>
    /// <param name="width">The declared width.</param>
    /// <param name="height">The declared height.</param>
    /// <returns>The exception.</returns>
    public static InvalidImageException TooLong(string imageName, long width, long height) =>
        new(imageName, string.Create(CultureInfo.InvariantCulture, $"image of {width} x {height} pixels has a side longer than {MaxSide} pixels"));

    /// <summary>Creates the error for an image larger than the pixel limit.</summary>
    /// <param name="imageName">The image's name.</param>
    /// <param name="width">The declared width.</param>
    /// <param name="height">The declared height.</param>
    /// <param name="limit">The limit in pixels.</param>
    /// <returns>The exception.</returns>
    public static InvalidImageException TooLarge(string imageName, long width, long height, long limit) =>
        new(imageName, string.Create(CultureInfo.InvariantCulture, $"image of {width} x {height} pixels exceeds the limit of {limit} pixels"));
}
