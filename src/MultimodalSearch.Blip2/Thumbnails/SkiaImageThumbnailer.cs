using System.Buffers;
using System.Runtime.InteropServices;
using MultimodalSearch.Blip2.Imaging;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Thumbnails;

/// <summary>
/// Shrinks images to small JPEGs with SkiaSharp, for the web app's pages and the stylist's LLM call. It decodes
/// with the same checks as the embedder (format, pixel limit, truncation), within the same decode budget when
/// both come from one container, and honours the EXIF orientation, since whoever looks at the picture should see
/// it upright. A JPEG is decoded straight at a reduced size (by eighths, in the DCT domain) where that still gives
/// at least the thumbnail's size, so a 49-megapixel photo holds about 1/64 of its pixels; other formats are decoded
/// whole. Either way one RGBA buffer is decoded into and wrapped for the resize, with no copy.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SkiaImageThumbnailer : IImageThumbnailer
{
    private const int JpegQuality = 85;
    private const string ImageName = "thumbnail";
    private readonly long _maxPixels;

    /// <summary>Creates the thumbnailer.</summary>
    /// <param name="options">The decoding options (the pixel limit, and the budget when <paramref name="decodeBudget"/> is null).</param>
    /// <param name="decodeBudget">The decode budget shared with the embedder, or null for one of its own from <paramref name="options"/>.</param>
    public SkiaImageThumbnailer(ImagePreprocessorOptions options, DecodeBudget? decodeBudget = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxPixels = options.MaxPixels;
        DecodeBudget = decodeBudget ?? DecodeBudget.For(options);
    }

    /// <summary>Gets the decode budget the thumbnails' decodes take their pixels from.</summary>
    internal DecodeBudget DecodeBudget { get; }

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> CreateJpegThumbnailAsync(ReadOnlyMemory<byte> image, int maxSide, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        cancellationToken.ThrowIfCancellationRequested();
        using var pin = image.Pin();
        using var source = Open(pin, image.Length);
        var plan = ThumbnailPlan.For(source, maxSide);
        using var share = await DecodeBudget.AcquireAsync(plan.Pixels, ImageName, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return Render(source, plan);
    }

    private unsafe SkiaImageSource Open(MemoryHandle pin, int length) => SkiaImageSource.Open((byte*)pin.Pointer, length, ImageName, _maxPixels);

    private static byte[] Render(SkiaImageSource source, ThumbnailPlan plan)
    {
        var bytes = (long)plan.Decoded.Width * plan.Decoded.Height * 4;
        if (bytes > Array.MaxLength)
        {
            throw new InvalidImageException(ImageName, $"image of {source.Width} x {source.Height} pixels is too large to decode in memory");
        }

        var pixels = PixelBuffer.Rent((int)bytes);
        try
        {
            source.ReadAll(pixels.Span, plan.Decoded);

            // Thumbnails are opaque: alpha is dropped and the colour stored under it kept, as the embedder does.
            foreach (ref var pixel in MemoryMarshal.Cast<byte, uint>(pixels.Span))
            {
                pixel |= BitConverter.IsLittleEndian ? 0xFF000000u : 0x000000FFu;
            }

            if (plan.Resizes)
            {
                var resized = PixelBuffer.Rent(plan.Output.Width * plan.Output.Height * 4);
                try
                {
                    Resize(pixels.Span, plan.Decoded, resized.Span, plan.Output);
                }
                catch
                {
                    resized.Dispose();
                    throw;
                }

                pixels.Dispose();
                pixels = resized;
            }

            if (plan.Turns)
            {
                var upright = PixelBuffer.Rent(plan.Output.Width * plan.Output.Height * 4);
                ExifOrientation.Apply(pixels.Span, plan.Output.Width, plan.Output.Height, plan.Origin, upright.Span);
                pixels.Dispose();
                pixels = upright;
            }

            return Encode(pixels.Span, plan.Upright);
        }
        finally
        {
            pixels.Dispose();
        }
    }

    private static unsafe void Resize(Span<byte> from, SKSizeI fromSize, Span<byte> to, SKSizeI toSize)
    {
        fixed (byte* source = from)
        fixed (byte* destination = to)
        {
            using var sourcePixels = new SKPixmap(Opaque(fromSize), (IntPtr)source, fromSize.Width * 4);
            using var destinationPixels = new SKPixmap(Opaque(toSize), (IntPtr)destination, toSize.Width * 4);
            if (!sourcePixels.ScalePixels(destinationPixels, new SKSamplingOptions(SKCubicResampler.Mitchell)))
            {
                throw new InvalidImageException(ImageName, "cannot be resized");
            }
        }
    }

    private static unsafe byte[] Encode(Span<byte> pixels, SKSizeI size)
    {
        fixed (byte* data = pixels)
        {
            using var pixmap = new SKPixmap(Opaque(size), (IntPtr)data, size.Width * 4);
            using var encoded = pixmap.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
                ?? throw new InvalidImageException(ImageName, "cannot be re-encoded as JPEG");
            return encoded.ToArray();
        }
    }

    private static SKImageInfo Opaque(SKSizeI size) => new(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
}
