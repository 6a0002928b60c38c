using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// bert-base-uncased's accent stripping (NFD, then every non-spacing mark removed) without ICU, so that
/// tokens are the same in applications that run with <c>InvariantGlobalization</c>.
/// </summary>
internal static partial class BertAccentTable
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;

    private static readonly FrozenDictionary<char, string> Replacements = Parse();

    /// <summary>Appends <paramref name="rune"/> with its accents stripped.</summary>
    public static void AppendStripped(StringBuilder builder, Rune rune)
    {
        if (rune.IsBmp && Replacements.TryGetValue((char)rune.Value, out var replacement))
        {
            builder.Append(replacement);
        }
        else if (rune.Value - HangulBase is >= 0 and < HangulCount)
        {
            // Hangul syllables decompose algorithmically into leading, vowel and trailing jamo (Unicode 3.12).
            var index = rune.Value - HangulBase;
            builder.Append((char)(0x1100 + (index / 588)));
            builder.Append((char)(0x1161 + (index % 588 / 28)));
            if (index % 28 != 0)
            {
                builder.Append((char)(0x11A7 + (index % 28)));
            }
        }
        else if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
        {
            builder.Append(rune.ToString());
        }
    }

    private static FrozenDictionary<char, string> Parse()
    {
        var map = new Dictionary<char, string>();
        for (var i = 0; i < Data.Length;)
        {
            var key = Data[i];
            var length = Data[i + 1];
            map[key] = Data.Substring(i + 2, length);
            i += 2 + length;
        }

        return map.ToFrozenDictionary();
    }
}
