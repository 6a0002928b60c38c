using System.Runtime.InteropServices;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>Turns a decoded image the right way up as its EXIF orientation says (as Pillow's <c>ImageOps.exif_transpose</c>).</summary>
internal static class ExifOrientation
{
    /// <summary>Gets a value indicating whether an orientation swaps width and height.</summary>
    /// <param name="origin">The orientation.</param>
    /// <returns>True for the four orientations that turn the image a quarter.</returns>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Writes the upright image.</summary>
    /// <param name="source">The stored image, 4-byte pixels.</param>
    /// <param name="width">The stored width.</param>
    /// <param name="height">The stored height.</param>
    /// <param name="origin">Where the stored image's first pixel belongs (the EXIF orientation).</param>
    /// <param name="destination">The upright image: <paramref name="height"/> x <paramref name="width"/> pixels when <see cref="SwapsAxes"/>, else the same size.</param>
    public static void Apply(ReadOnlySpan<byte> source, int width, int height, SKEncodedOrigin origin, Span<byte> destination)
    {
        var input = MemoryMarshal.Cast<byte, uint>(source)[..(width * height)];
        var output = MemoryMarshal.Cast<byte, uint>(destination)[..(width * height)];
        var outWidth = SwapsAxes(origin) ? height : width;
        var outHeight = SwapsAxes(origin) ? width : height;
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                // The stored pixel that shows at (x, y) once upright.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (width - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (width - 1 - x, height - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, height - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, height - 1 - x),
                    SKEncodedOrigin.RightBottom => (width - 1 - y, height - 1 - x),
                    SKEncodedOrigin.LeftBottom => (width - 1 - y, x),
                    _ => (x, y),
                };
                output[(y * outWidth) + x] = input[(sy * width) + sx];
            }
        }
    }
}
