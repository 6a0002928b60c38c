using MultimodalSearch.Blip2.Imaging;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests.Thumbnails;

/// <summary>Images made for the thumbnail tests, and ways to compare thumbnails.</summary>
internal static class ThumbnailImages
{
    private static readonly Lazy<byte[]> LargePhoto = new(() => Jpeg(Photo(2400, 1600)));

    /// <summary>Gets a 2400 x 1600 JPEG of gradients and discs.</summary>
    public static byte[] LargeJpeg => LargePhoto.Value;

    /// <summary>Draws a photo-like picture: a diagonal gradient under random discs.</summary>
    public static SKBitmap Photo(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var gradient = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Navy, SKColors.Orange, SKColors.SeaGreen], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, gradient);
        var random = new Random(7);
        for (var i = 0; i < 60; i++)
        {
            using var disc = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)), IsAntialias = true };
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(width / 40, width / 8), disc);
        }

        return bitmap;
    }

    /// <summary>Draws a picture whose left half is red and right half blue.</summary>
    public static SKBitmap Halves(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var red = new SKPaint { Color = SKColors.Red };
        using var blue = new SKPaint { Color = SKColors.Blue };
        canvas.DrawRect(0, 0, width / 2f, height, red);
        canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        return bitmap;
    }

    /// <summary>Encodes a bitmap as a JPEG (quality 90) and disposes it.</summary>
    public static byte[] Jpeg(SKBitmap bitmap)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            return data.ToArray();
        }
    }

    /// <summary>Adds an EXIF segment holding only an orientation tag right after a JPEG's start marker.</summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        // APP1: "Exif\0\0", a little-endian TIFF header, one IFD with one SHORT entry (0x0112 Orientation), no next IFD.
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        byte[] app1 = [0xFF, 0xE1, 0, (byte)(2 + 6 + tiff.Length), .. "Exif\0\0"u8, .. tiff];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>Decodes a thumbnail, which must be a JPEG, to RGB.</summary>
    public static byte[] DecodeJpeg(ReadOnlyMemory<byte> thumbnail, out int width, out int height)
    {
        Assert.Equal(ImageFormat.Jpeg, ImageHeaderReader.Read(thumbnail.Span, "thumbnail").Format);
        return ImageDecoder.DecodeRgb(thumbnail.Span, "thumbnail", new ImagePreprocessorOptions(), out width, out height);
    }

    /// <summary>
    /// Makes the ideal thumbnail of a whole upright decode: each pixel the mean of the source pixels it covers
    /// (an area average, which neither aliases nor blurs).
    /// </summary>
    public static byte[] AreaAverage(byte[] encoded, int width, int height)
    {
        var rgb = ImageDecoder.DecodeRgb(encoded, "reference", new ImagePreprocessorOptions { HonorExifOrientation = true }, out var fullWidth, out var fullHeight);
        var result = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var (top, bottom) = (y * fullHeight / height, Math.Max((y + 1) * fullHeight / height, (y * fullHeight / height) + 1));
            for (var x = 0; x < width; x++)
            {
                var (left, right) = (x * fullWidth / width, Math.Max((x + 1) * fullWidth / width, (x * fullWidth / width) + 1));
                for (var c = 0; c < 3; c++)
                {
                    long sum = 0;
                    for (var sy = top; sy < bottom; sy++)
                    {
                        for (var sx = left; sx < right; sx++)
                        {
                            sum += rgb[(((sy * fullWidth) + sx) * 3) + c];
                        }
                    }

                    result[(((y * width) + x) * 3) + c] = (byte)Math.Round((double)sum / ((bottom - top) * (right - left)));
                }
            }
        }

        return result;
    }

    /// <summary>Makes a thumbnail of RGB pixels as the thumbnailer does: Skia's Mitchell resize (when the size changes), then JPEG at quality 85, decoded back to RGB.</summary>
    public static byte[] Thumbnail(byte[] rgb, int fromWidth, int fromHeight, int width, int height)
    {
        using var full = new SKBitmap(new SKImageInfo(fromWidth, fromHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = full.GetPixelSpan();
        for (var i = 0; i < fromWidth * fromHeight; i++)
        {
            rgb.AsSpan(i * 3, 3).CopyTo(pixels.Slice(i * 4, 3));
            pixels[(i * 4) + 3] = 255;
        }

        using var resized = (fromWidth, fromHeight) == (width, height)
            ? full.Copy()
            : full.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var jpeg = resized.Encode(SKEncodedImageFormat.Jpeg, 85);
        return DecodeJpeg(jpeg.ToArray(), out _, out _);
    }

    /// <summary>Gets the mean absolute difference of two byte arrays of the same length.</summary>
    public static double MeanDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => Math.Abs(a - b)).Average();
    }
}
