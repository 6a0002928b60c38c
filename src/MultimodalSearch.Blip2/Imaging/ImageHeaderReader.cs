using System.Buffers.Binary;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// Identifies an encoded image by its signature and reads the dimensions its header declares, without
/// decoding anything, so that unsupported or oversized images are refused before a decoder allocates.
/// </summary>
internal static class ImageHeaderReader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the header.</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <returns>The format and declared size.</returns>
    /// <exception cref="InvalidImageException">The data is empty, not an image, in an unsupported format, or its header is cut short or invalid.</exception>
    public static ImageHeader Read(ReadOnlySpan<byte> data, string imageName)
    {
        if (data.IsEmpty)
        {
            throw new InvalidImageException(imageName, ImageSignatures.Empty);
        }

        ImageHeader? header;
        if (data.StartsWith(PngSignature))
        {
            header = Png(data);
        }
        else if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            header = Jpeg(data);
        }
        else if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            header = Gif(data);
        }
        else if (data.StartsWith("RIFF"u8) && data.Length >= 12 && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            header = WebP(data);
        }
        else if (IsBmp(data))
        {
            header = Bmp(data);
        }
        else
        {
            throw new InvalidImageException(imageName, ImageSignatures.Problem(data) ?? ImageSignatures.NotAnImage);
        }

        if (header is not { } found)
        {
            throw ImageErrors.CorruptImage(imageName, "the header is cut short or invalid");
        }

        if (found.Width <= 0 || found.Height <= 0)
        {
            throw ImageErrors.CorruptImage(imageName, $"the header declares {found.Width} x {found.Height} pixels");
        }

        return found;
    }

    private static ImageHeader? Png(ReadOnlySpan<byte> data)
    {
        // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
        if (data.Length < 24 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return new ImageHeader(ImageFormat.Png, BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    /// <summary>
    /// Gets a value indicating whether a JPEG's compressed data is followed by its end-of-image marker. Pillow
    /// refuses a JPEG without it as truncated, while libjpeg (under SkiaSharp) pads a cut-short progressive
    /// JPEG silently; checking first makes both paths refuse the same files.
    /// </summary>
    /// <param name="data">The JPEG file.</param>
    /// <returns>True when an end-of-image marker follows the first scan.</returns>
    public static bool JpegHasEndMarker(ReadOnlySpan<byte> data)
    {
        // Inside scans 0xFF is always stuffed (FF 00) and only restart markers occur, so the first FF D9
        // after the first start-of-scan is the end of the image (an EXIF thumbnail's comes before it).
        var scan = FindJpegSegment(data, scan: true);
        return scan >= 0 && data[(scan + 2)..].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
    }

    private static ImageHeader? Jpeg(ReadOnlySpan<byte> data)
    {
        // The first start-of-frame segment holds the size: FF Cn, length, precision, height, width.
        var frame = FindJpegSegment(data, scan: false);
        return frame >= 0 && frame + 9 <= data.Length
            ? new ImageHeader(ImageFormat.Jpeg, BinaryPrimitives.ReadUInt16BigEndian(data[(frame + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(frame + 5)..]))
            {
                // Baseline and extended sequential frames decode row by row; progressive ones hold the whole image's coefficients.
                Sequential = data[frame + 1] is 0xC0 or 0xC1,
            }
            : null;
    }

    /// <summary>Walks a JPEG's marker segments to the first start-of-frame (or start-of-scan); returns its offset, or -1.</summary>
    private static int FindJpegSegment(ReadOnlySpan<byte> data, bool scan)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return -1;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            var isFrame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (scan ? marker == 0xDA : isFrame)
            {
                return i;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (marker is 0xD9 or 0xDA || length < 2)
            {
                return -1;
            }

            i += 2 + length;
        }

        return -1;
    }

    private static ImageHeader? Gif(ReadOnlySpan<byte> data) =>
        data.Length < 10 ? null
        : new ImageHeader(ImageFormat.Gif, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));

    /// <summary>"BM" alone is too weak a signature (text can start with it): the info header size must be a known one too.</summary>
    private static bool IsBmp(ReadOnlySpan<byte> data) =>
        data.StartsWith("BM"u8) && data.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(data[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124;

    private static ImageHeader? Bmp(ReadOnlySpan<byte> data)
    {
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (infoSize == 12)
        {
            // OS/2 BITMAPCOREHEADER: 16-bit sizes.
            return data.Length < 22 ? null
                : new ImageHeader(ImageFormat.Bmp, BinaryPrimitives.ReadUInt16LittleEndian(data[18..]), BinaryPrimitives.ReadUInt16LittleEndian(data[20..]));
        }

        if (data.Length < 26)
        {
            return null;
        }

        // A negative height means rows stored top-down.
        long width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
        long height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
        return new ImageHeader(ImageFormat.Bmp, width, Math.Abs(height));
    }

    private static ImageHeader? WebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return null;
        }

        var chunk = data.Slice(12, 4);
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Extended format: 24-bit canvas width - 1 and height - 1.
            return new ImageHeader(ImageFormat.WebP, ReadUInt24(data[24..]) + 1L, ReadUInt24(data[27..]) + 1L);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then 14-bit width - 1 and height - 1.
            if (data[20] != 0x2F)
            {
                return null;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new ImageHeader(ImageFormat.WebP, (bits & 0x3FFF) + 1L, ((bits >> 14) & 0x3FFF) + 1L);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            if (!data.Slice(23, 3).SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            {
                return null;
            }

            return new ImageHeader(ImageFormat.WebP, BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        return null;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);
}
