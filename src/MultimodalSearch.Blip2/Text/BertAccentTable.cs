using System.Collections.Frozen;
using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The reference's accent stripping (NFD, then every non-spacing mark removed) without ICU, so that tokens are
/// the same in applications that run with <c>InvariantGlobalization</c>, from <see cref="BertUnicodeData"/>.
/// </summary>
internal static class BertAccentTable
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;

    private static readonly FrozenDictionary<int, string> Replacements = Parse();

    /// <summary>Writes <paramref name="rune"/> with its accents stripped and returns the length written (0 to 3).</summary>
    public static int WriteStripped(Rune rune, Span<char> destination)
    {
        if (Replacements.TryGetValue(rune.Value, out var replacement))
        {
            replacement.CopyTo(destination);
            return replacement.Length;
        }

        if (rune.Value - HangulBase is >= 0 and < HangulCount)
        {
            // Hangul syllables decompose algorithmically into leading, vowel and trailing jamo (Unicode 3.12).
            var index = rune.Value - HangulBase;
            destination[0] = (char)(0x1100 + (index / 588));
            destination[1] = (char)(0x1161 + (index % 588 / 28));
            if (index % 28 == 0)
            {
                return 2;
            }

            destination[2] = (char)(0x11A7 + (index % 28));
            return 3;
        }

        return CodePointRanges.Contains(BertUnicodeData.NonSpacingMarkRanges, rune.Value) ? 0 : rune.EncodeToUtf16(destination);
    }

    private static FrozenDictionary<int, string> Parse()
    {
        var data = BertUnicodeData.Decompositions;
        var map = new Dictionary<int, string>();
        for (var i = 0; i < data.Length;)
        {
            Rune.DecodeFromUtf16(data.AsSpan(i), out var key, out var keyLength);
            var length = data[i + keyLength];
            map[key.Value] = data.Substring(i + keyLength + 1, length);
            i += keyLength + 1 + length;
        }

        return map.ToFrozenDictionary();
    }
}
