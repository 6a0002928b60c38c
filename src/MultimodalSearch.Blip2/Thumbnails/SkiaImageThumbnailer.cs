using MultimodalSearch.Blip2.Imaging;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Thumbnails;

/// <summary>
/// Shrinks images to small JPEGs with SkiaSharp for the stylist's LLM call. It decodes with the same
/// checks as the embedder (format, pixel limit, truncation) and honours the EXIF orientation, since a
/// model looking at the picture should see it upright.
/// </summary>
internal sealed class SkiaImageThumbnailer(ImagePreprocessorOptions options) : IImageThumbnailer
{
    private const int JpegQuality = 85;

    public Task<ReadOnlyMemory<byte>> CreateJpegThumbnailAsync(ReadOnlyMemory<byte> image, int maxSide, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        cancellationToken.ThrowIfCancellationRequested();
        var decodeOptions = new ImagePreprocessorOptions { MaxPixels = options.MaxPixels, HonorExifOrientation = true };
        var rgb = ImageDecoder.DecodeRgb(image.Span, "thumbnail", decodeOptions, out var width, out var height);

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < width * height; i++)
        {
            rgb.AsSpan(i * 3, 3).CopyTo(pixels.Slice(i * 4, 3));
            pixels[(i * 4) + 3] = 255;
        }

        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        var targetWidth = Math.Max(1, (int)Math.Round(width * scale));
        var targetHeight = Math.Max(1, (int)Math.Round(height * scale));
        using var resized = scale < 1.0
            ? bitmap.Resize(new SKImageInfo(targetWidth, targetHeight, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell))
            : bitmap.Copy();
        using var encoded = resized.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidImageException("thumbnail", "cannot be re-encoded as JPEG");
        return Task.FromResult<ReadOnlyMemory<byte>>(encoded.ToArray());
    }
}
