namespace MultimodalSearch;

/// <summary>Recognises the encoded image formats a language model accepts by their first bytes.</summary>
internal static class ImageMediaType
{
    /// <summary>Gets the media type of encoded image bytes, or null when they are not JPEG, PNG, GIF or WebP.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The media type, or null.</returns>
    public static string? Detect(ReadOnlySpan<byte> bytes)
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

        return null;
    }
}
