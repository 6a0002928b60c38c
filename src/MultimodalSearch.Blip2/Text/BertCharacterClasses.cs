using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The character classes of Hugging Face's BERT normaliser and pre-tokenizer (the tokenizers crate's
/// <c>BertNormalizer</c> and <c>BertPreTokenizer</c>, which transformers' <c>BertTokenizer</c> runs).
/// </summary>
/// <remarks>
/// Where the crate and transformers' older Python <c>BasicTokenizer</c> differ, the crate wins (it is what the
/// reference ran): unassigned code points are kept (Python drops every "C*" category), the line and
/// paragraph separators U+2028/U+2029 are whitespace (Python keeps them as letters of a word), and the
/// categories are those of the crate's frozen Unicode tables (<see cref="BertUnicodeData"/>), not .NET's.
/// </remarks>
internal static class BertCharacterClasses
{
    /// <summary>
    /// Whether cleaning removes the character: NUL, U+FFFD, and controls, format characters and private-use
    /// code points (the crate's <c>is_other</c>), except tab, line feed and carriage return.
    /// </summary>
    public static bool IsRemovedByCleaning(Rune rune) => CodePointRanges.Contains(BertUnicodeData.RemovedRanges, rune.Value);

    /// <summary>
    /// Whether the character is whitespace: Unicode's White_Space property (Rust's <c>char::is_whitespace</c>),
    /// which holds tab, line feed, carriage return, every "Zs" space and U+2028/U+2029.
    /// </summary>
    public static bool IsWhitespace(Rune rune) => rune.Value switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>
    /// Whether the character is punctuation, which becomes a token of its own: every ASCII character in
    /// 33-47, 58-64, 91-96 or 123-126 (so <c>$ + &lt; = &gt; ^ ` | ~</c> too, though Unicode calls them symbols),
    /// or any "P*" category in the crate's Unicode tables.
    /// </summary>
    public static bool IsPunctuation(Rune rune)
    {
        var value = rune.Value;
        if (value < 0x80)
        {
            return value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126;
        }

        return CodePointRanges.Contains(BertUnicodeData.PunctuationRanges, value);
    }

    /// <summary>
    /// Whether the character is a CJK ideograph, which the normaliser surrounds with spaces: the CJK Unified
    /// Ideographs block, extensions A, B, C, D and E-F as the crate bounds them (from U+2B920), and the two
    /// compatibility-ideograph blocks. Hangul, kana and CJK punctuation are not.
    /// </summary>
    public static bool IsCjkIdeograph(Rune rune) => rune.Value switch
    {
        >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF => true,
        >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F => true,
        >= 0x2B920 and <= 0x2CEAF or >= 0x2F800 and <= 0x2FA1F => true,
        _ => false,
    };
}
