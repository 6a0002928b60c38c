using System.Buffers.Binary;

namespace MultimodalSearch;

/// <summary>
/// Recognises the encoded image formats the library takes (JPEG, PNG, WebP, GIF, BMP) by their first bytes, so that
/// content that is no such image is refused before it is read whole or decoded.
/// </summary>
public static class ImageSignatures
{
    /// <summary>The formats the library takes, for messages.</summary>
    public const string SupportedFormats = "JPEG, PNG, WebP, GIF, BMP";

    /// <summary>How many first bytes <see cref="Problem"/> needs at most (fewer when the content is shorter).</summary>
    public const int HeaderLength = 1024;

    /// <summary>The reason for content that is no image format at all.</summary>
    public const string NotAnImage = "not an image (the content matches no known image format; supported: " + SupportedFormats + ")";

    /// <summary>The reason for empty content.</summary>
    public const string Empty = "the file is empty";

    /// <summary>Says why content starting with <paramref name="header"/> is not an image the library takes.</summary>
    /// <param name="header">The content's first bytes: <see cref="HeaderLength"/> of them, or all when it is shorter.</param>
    /// <returns>The reason (empty, not an image, or a named unsupported format), or null when it starts like a supported image.</returns>
    public static string? Problem(ReadOnlySpan<byte> header)
    {
        if (header.IsEmpty)
        {
            return Empty;
        }

        if (Identify(header) is not null)
        {
            return null;
        }

        return UnsupportedImageFormats.Detect(header) is { } name
            ? $"not a supported image format (detected: {name}; supported: {SupportedFormats})"
            : NotAnImage;
    }

    /// <summary>Gets the media type of encoded image bytes a language model accepts, or null when they are not JPEG, PNG, GIF or WebP.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The media type, or null.</returns>
    internal static string? LanguageModelMediaType(ReadOnlySpan<byte> bytes) =>
        Identify(bytes) is { } type && type != "image/bmp" ? type : null;

    private static string? Identify(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        // "BM" alone is too weak a signature (text can start with it): the info header size must be a known one too.
        return bytes.StartsWith("BM"u8) && bytes.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124
            ? "image/bmp"
            : null;
    }
}
