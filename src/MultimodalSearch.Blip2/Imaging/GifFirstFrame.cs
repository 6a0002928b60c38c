namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// Reads what Pillow shows where a GIF's first frame is transparent or does not reach: Pillow loads the
/// frame as palette indices over a canvas filled with the transparent index (or index 0 when there is
/// none), and converting to RGB looks every index up, so those pixels take that palette colour. SkiaSharp
/// leaves them transparent black instead.
/// </summary>
internal static class GifFirstFrame
{
    /// <summary>Finds the colour of the first frame's fill index.</summary>
    /// <param name="gif">The GIF file.</param>
    /// <param name="rgb">The colour, 3 bytes.</param>
    /// <returns>False when the file has no colour table for its first frame or is cut short.</returns>
    public static bool TryGetFillColour(ReadOnlySpan<byte> gif, Span<byte> rgb)
    {
        const int ScreenDescriptorEnd = 13;
        if (gif.Length < ScreenDescriptorEnd)
        {
            return false;
        }

        var table = ColourTable(gif, ScreenDescriptorEnd, gif[10]);
        var position = ScreenDescriptorEnd + table.Length;
        var fillIndex = 0;
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case 0x21 when position + 1 < gif.Length:
                    if (gif[position + 1] == 0xF9 && position + 6 < gif.Length && gif[position + 2] == 4 && (gif[position + 3] & 1) != 0)
                    {
                        // Graphic control extension with the transparency flag: the canvas starts as this index.
                        fillIndex = gif[position + 6];
                    }

                    position = SkipSubBlocks(gif, position + 2);
                    break;
                case 0x2C when position + 10 <= gif.Length:
                    var local = ColourTable(gif, position + 10, gif[position + 9]);
                    return Lookup(local.IsEmpty ? table : local, fillIndex, rgb);
                default:
                    return false;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> ColourTable(ReadOnlySpan<byte> gif, int start, byte flags)
    {
        if ((flags & 0x80) == 0)
        {
            return [];
        }

        var length = 3 << ((flags & 7) + 1);
        return start + length <= gif.Length ? gif.Slice(start, length) : [];
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (position < gif.Length && gif[position] != 0)
        {
            position += gif[position] + 1;
        }

        return position + 1;
    }

    private static bool Lookup(ReadOnlySpan<byte> table, int index, Span<byte> rgb)
    {
        if ((index * 3) + 3 > table.Length)
        {
            return false;
        }

        table.Slice(index * 3, 3).CopyTo(rgb);
        return true;
    }
}
