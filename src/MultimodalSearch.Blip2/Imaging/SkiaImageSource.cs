using SkiaSharp;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// An encoded image opened with SkiaSharp's <see cref="SKCodec"/>, after its header has been checked,
/// decoding to unpremultiplied RGBA (alpha kept apart, colours untouched) with no colour-space conversion,
/// as Pillow does. Rows can be read as they are decoded (JPEG, top-down BMP) or all at once.
/// </summary>
/// <remarks>
/// Wraps memory the caller has pinned: the caller keeps it pinned until this is disposed. One instance per
/// decode; not thread-safe.
/// </remarks>
internal sealed unsafe class SkiaImageSource : IDisposable
{
    private readonly byte* _encoded;
    private readonly int _encodedLength;
    private readonly SKData _data;
    private readonly SKCodec _codec;
    private readonly string _name;
    private readonly SKImageInfo _target;

    private SkiaImageSource(byte* encoded, int length, SKData data, SKCodec codec, ImageFormat format, string name)
    {
        _encoded = encoded;
        _encodedLength = length;
        _data = data;
        _codec = codec;
        _name = name;
        Format = format;
        var info = codec.Info;
        Width = info.Width;
        Height = info.Height;
        Origin = codec.EncodedOrigin;

        // No colour space: pixels come out as stored, ignoring ICC profiles and gAMA like Pillow.
        _target = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
    }

    /// <summary>Gets the format.</summary>
    public ImageFormat Format { get; }

    /// <summary>Gets the stored width.</summary>
    public int Width { get; }

    /// <summary>Gets the stored height.</summary>
    public int Height { get; }

    /// <summary>Gets the EXIF orientation (where the stored image's first pixel belongs).</summary>
    public SKEncodedOrigin Origin { get; }

    /// <summary>Checks the header and opens the image.</summary>
    /// <param name="encoded">The encoded image, pinned by the caller for the life of the result.</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <param name="maxPixels">The most pixels the image may declare.</param>
    /// <returns>The opened image.</returns>
    /// <exception cref="InvalidImageException">The image is empty, not an image, unsupported, corrupt or too large.</exception>
    public static SkiaImageSource Open(byte* encoded, int length, string imageName, long maxPixels)
    {
        var header = Check(new ReadOnlySpan<byte>(encoded, length), imageName, maxPixels);

        SKData? data = null;
        SKCodec? codec = null;
        try
        {
            data = SKData.Create((IntPtr)encoded, length)
                ?? throw new InvalidImageException(imageName, "cannot be decoded (SkiaSharp could not wrap the data)");
            using var stream = new SKMemoryStream(data);
            codec = SKCodec.Create(stream, out var result)
                ?? throw ImageErrors.CorruptImage(imageName, $"the decoder rejected it: {result}");
            // The decoder's own reading of the size is the one that allocates: check it too.
            var info = codec.Info;
            if ((long)info.Width * info.Height > maxPixels)
            {
                throw ImageErrors.TooLarge(imageName, info.Width, info.Height, maxPixels);
            }

            if (info.Width > ImageErrors.MaxSide || info.Height > ImageErrors.MaxSide)
            {
                throw ImageErrors.TooLong(imageName, info.Width, info.Height);
            }

            var source = new SkiaImageSource(encoded, length, data, codec, header.Format, imageName);
            data = null;
            codec = null;
            return source;
        }
        catch (Exception ex) when (ex is not InvalidImageException)
        {
            throw new InvalidImageException(imageName, $"cannot be decoded ({ex.Message})", ex);
        }
        finally
        {
            codec?.Dispose();
            data?.Dispose();
        }
    }

    /// <summary>
    /// Checks what can be checked without decoding: the format, the declared size against the pixel limit,
    /// the longest side, and (for JPEG) that the data is complete.
    /// </summary>
    /// <param name="encoded">The encoded image.</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <param name="maxPixels">The most pixels the image may declare.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidImageException">The image is empty, not an image, unsupported, visibly corrupt or too large.</exception>
    public static ImageHeader Check(ReadOnlySpan<byte> encoded, string imageName, long maxPixels)
    {
        var header = ImageHeaderReader.Read(encoded, imageName);
        if (header.Pixels > maxPixels)
        {
            throw ImageErrors.TooLarge(imageName, header.Width, header.Height, maxPixels);
        }

        if (header.Width > ImageErrors.MaxSide || header.Height > ImageErrors.MaxSide)
        {
            throw ImageErrors.TooLong(imageName, header.Width, header.Height);
        }

        if (header.Format == ImageFormat.Jpeg && !ImageHeaderReader.JpegHasEndMarker(encoded))
        {
            throw ImageErrors.CorruptImage(imageName, "the image data ends early: no end-of-image marker");
        }

        return header;
    }

    /// <summary>Starts decoding row by row when the format allows it (top-down scanline decoding).</summary>
    /// <returns>True when <see cref="SkipRows"/> and <see cref="ReadRows"/> may be used; false when only <see cref="ReadAll(Span{byte})"/> can.</returns>
    public bool TryStartRows() =>
        _codec.ScanlineOrder == SKCodecScanlineOrder.TopDown && _codec.StartScanlineDecode(_target) == SKCodecResult.Success;

    /// <summary>Skips rows after <see cref="TryStartRows"/>.</summary>
    /// <param name="count">The number of rows.</param>
    /// <exception cref="InvalidImageException">The data ends or breaks before those rows.</exception>
    public void SkipRows(int count)
    {
        if (count > 0 && !_codec.SkipScanlines(count))
        {
            throw ImageErrors.CorruptImage(_name, "the image data ends early");
        }
    }

    /// <summary>Decodes the next rows after <see cref="TryStartRows"/>.</summary>
    /// <param name="destination">At least <paramref name="count"/> rows of <see cref="Width"/> RGBA pixels.</param>
    /// <param name="count">The number of rows.</param>
    /// <exception cref="InvalidImageException">The data ends or breaks before those rows.</exception>
    public void ReadRows(Span<byte> destination, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count * Width * 4, nameof(destination));
        int decoded;
        fixed (byte* pixels = destination)
        {
            decoded = _codec.GetScanlines((IntPtr)pixels, count, Width * 4);
        }

        if (decoded < count)
        {
            throw ImageErrors.CorruptImage(_name, "the image data ends early");
        }
    }

    /// <summary>
    /// Gets the size the codec can decode the image at for <paramref name="scale"/> without decoding it whole
    /// first: JPEG scales by eighths in the DCT domain, rounding up; other formats give the stored size.
    /// </summary>
    /// <param name="scale">The wanted scale (below 1 to shrink).</param>
    /// <returns>The size <see cref="ReadAll(Span{byte}, SKSizeI)"/> can decode at.</returns>
    public SKSizeI ScaledSize(float scale) => Format == ImageFormat.Jpeg ? _codec.GetScaledDimensions(scale) : new SKSizeI(Width, Height);

    /// <summary>Decodes the whole image (the first frame of an animation).</summary>
    /// <param name="destination"><see cref="Height"/> rows of <see cref="Width"/> RGBA pixels.</param>
    /// <exception cref="InvalidImageException">The data is cut short or damaged.</exception>
    public void ReadAll(Span<byte> destination) => ReadAll(destination, new SKSizeI(Width, Height));

    /// <summary>Decodes the whole image (the first frame of an animation) at a size the codec supports.</summary>
    /// <param name="destination"><paramref name="size"/>'s rows of RGBA pixels.</param>
    /// <param name="size">The stored size, or one from <see cref="ScaledSize"/>.</param>
    /// <exception cref="InvalidImageException">The data is cut short or damaged.</exception>
    public void ReadAll(Span<byte> destination, SKSizeI size)
    {
        var length = size.Width * size.Height * 4;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length, nameof(destination));
        SKCodecResult result;
        fixed (byte* pixels = destination)
        {
            result = _codec.GetPixels(_target.WithSize(size.Width, size.Height), (IntPtr)pixels);
        }

        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw ImageErrors.CorruptImage(_name, "the image data ends early");
            case SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput:
                throw ImageErrors.CorruptImage(_name, "the image data is damaged");
            default:
                throw new InvalidImageException(_name, $"cannot be decoded (SkiaSharp: {result})");
        }

        if (Format == ImageFormat.Gif)
        {
            FillTransparentGifPixels(destination[..length]);
        }
    }

    /// <summary>Disposes the codec.</summary>
    public void Dispose()
    {
        _codec.Dispose();
        _data.Dispose();
    }

    private void FillTransparentGifPixels(Span<byte> rgba)
    {
        Span<byte> fill = stackalloc byte[3];
        if (!GifFirstFrame.TryGetFillColour(new ReadOnlySpan<byte>(_encoded, _encodedLength), fill))
        {
            return;
        }

        for (var i = 0; i < rgba.Length; i += 4)
        {
            if (rgba[i + 3] == 0)
            {
                fill.CopyTo(rgba.Slice(i, 3));
            }
        }
    }
}
