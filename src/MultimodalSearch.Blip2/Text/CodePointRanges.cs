namespace MultimodalSearch.Blip2.Text;

/// <summary>Look-ups in the range tables of <see cref="BertUnicodeData"/>.</summary>
internal static class CodePointRanges
{
    /// <summary>Whether <paramref name="value"/> lies in one of <paramref name="ranges"/> (first, last pairs, ascending).</summary>
    public static bool Contains(ReadOnlySpan<int> ranges, int value)
    {
        var low = 0;
        var high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (value < ranges[2 * middle])
            {
                high = middle - 1;
            }
            else if (value > ranges[(2 * middle) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
