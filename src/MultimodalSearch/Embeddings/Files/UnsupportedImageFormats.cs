using System.Text;

namespace MultimodalSearch;

/// <summary>Names common image (and image-like) formats the library does not take, from their signatures.</summary>
internal static class UnsupportedImageFormats
{
    /// <summary>Names the format of <paramref name="data"/>, or returns null when it is none this class knows.</summary>
    /// <param name="data">The content's first bytes (more is fine).</param>
    /// <returns>The format's name, or null.</returns>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            return "TIFF";
        }

        if (data.Length >= 6 && data[0] == 0 && data[1] == 0 && data[3] == 0 && data[2] is 1 or 2)
        {
            return data[2] == 1 ? "ICO" : "CUR";
        }

        if (data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = data.Slice(8, 4);
            return brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8) ? "AVIF"
                : brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) ? "HEIF/HEIC"
                : "an ISO media file (MP4/MOV)";
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ']))
        {
            return "JPEG XL";
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ']) || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
        {
            return "JPEG 2000";
        }

        return Signature(data, "8BPS"u8, "PSD")
            ?? Signature(data, "%PDF"u8, "PDF")
            ?? Signature(data, "qoif"u8, "QOI")
            ?? Signature(data, "DDS "u8, "DDS")
            ?? Signature(data, (ReadOnlySpan<byte>)[0x76, 0x2F, 0x31, 0x01], "OpenEXR")
            ?? Signature(data, "#?RADIANCE"u8, "Radiance HDR")
            ?? Signature(data, (ReadOnlySpan<byte>)[0xAB, (byte)'K', (byte)'T', (byte)'X'], "KTX")
            ?? (IsNetpbm(data) ? "PNM (Netpbm)" : null)
            ?? (IsSvg(data) ? "SVG" : null);
    }

    private static string? Signature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, string name) =>
        data.StartsWith(signature) ? name : null;

    private static bool IsNetpbm(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 'P' && data[1] is >= (byte)'1' and <= (byte)'7' && data[2] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static bool IsSvg(ReadOnlySpan<byte> data)
    {
        // SVG is XML text: look for an <svg element near the start (after any XML declaration, doctype or comment).
        var head = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<') && head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
