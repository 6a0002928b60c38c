using SkiaSharp;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>Whole-image decoding: all rows at once, turned upright when asked.</summary>
internal static class ImageDecoder
{
    /// <summary>Decodes an image to RGB exactly as the reference converts it (alpha dropped, greyscale and palette expanded).</summary>
    /// <param name="encoded">The encoded image.</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <param name="options">The pixel limit and whether to honour the EXIF orientation.</param>
    /// <param name="width">The (upright) width.</param>
    /// <param name="height">The (upright) height.</param>
    /// <returns>The pixels, 3 bytes each, row by row.</returns>
    /// <exception cref="InvalidImageException">The image cannot be used.</exception>
    public static unsafe byte[] DecodeRgb(ReadOnlySpan<byte> encoded, string imageName, ImagePreprocessorOptions options, out int width, out int height)
    {
        ArgumentNullException.ThrowIfNull(options);
        fixed (byte* data = encoded)
        {
            using var source = SkiaImageSource.Open(data, encoded.Length, imageName, options.MaxPixels);
            using var rgba = DecodeUpright(source, options.HonorExifOrientation ? source.Origin : SKEncodedOrigin.TopLeft, imageName, out width, out height);
            var rgb = new byte[width * height * 3];
            var pixels = rgba.Span;
            for (var i = 0; i < width * height; i++)
            {
                pixels.Slice(i * 4, 3).CopyTo(rgb.AsSpan(i * 3));
            }

            return rgb;
        }
    }

    /// <summary>Decodes a whole opened image into a buffer of RGBA pixels, upright for <paramref name="origin"/>.</summary>
    /// <param name="source">The opened image.</param>
    /// <param name="origin">The orientation to undo (<see cref="SKEncodedOrigin.TopLeft"/> for none).</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <param name="width">The upright width.</param>
    /// <param name="height">The upright height.</param>
    /// <returns>The pixels; dispose the buffer when done.</returns>
    /// <exception cref="InvalidImageException">The image cannot be decoded or is too large to hold in memory.</exception>
    public static PixelBuffer DecodeUpright(SkiaImageSource source, SKEncodedOrigin origin, string imageName, out int width, out int height)
    {
        var bytes = (long)source.Width * source.Height * 4;
        if (bytes > Array.MaxLength)
        {
            throw new InvalidImageException(imageName, $"image of {source.Width} x {source.Height} pixels is too large to decode in memory");
        }

        var swap = ExifOrientation.SwapsAxes(origin);
        width = swap ? source.Height : source.Width;
        height = swap ? source.Width : source.Height;
        var decoded = PixelBuffer.Rent((int)bytes);
        try
        {
            source.ReadAll(decoded.Span);
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        if (origin == SKEncodedOrigin.TopLeft)
        {
            return decoded;
        }

        using (decoded)
        {
            var upright = PixelBuffer.Rent((int)bytes);
            try
            {
                ExifOrientation.Apply(decoded.Span, source.Width, source.Height, origin, upright.Span);
                return upright;
            }
            catch
            {
                upright.Dispose();
                throw;
            }
        }
    }
}
