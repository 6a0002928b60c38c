using System.Globalization;
using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The normalisation of bert-base-uncased's basic tokenizer, done here rather than by the tokenizer library
/// so that it does not depend on ICU: whitespace becomes a space, control and format characters (and NUL,
/// U+FFFD) are removed (HF <c>_clean_text</c>), text is lower-cased and accents are stripped (NFD without
/// non-spacing marks).
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' BERT pre-tokenizer splits on spaces only, so without the cleaning a tab or a
/// line break glues two words into one unknown token; and its accent stripping relies on
/// <see cref="string.Normalize(NormalizationForm)"/>, which does nothing under InvariantGlobalization.
/// </remarks>
internal static class BertTextNormalizer
{
    public static string Normalize(string text)
    {
        if (IsPlainLowerAscii(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsRemoved(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                builder.Append(' ');
            }
            else
            {
                BertAccentTable.AppendStripped(builder, rune);
            }
        }

        // Accents are stripped before lower-casing so that letters whose lower case is decomposed (U+0130)
        // end as HF's do: 'İ'.lower() is 'i' + U+0307, and the mark is then dropped.
        return builder.ToString().ToLowerInvariant();
    }

    private static bool IsPlainLowerAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' || char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' ||
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsRemoved(Rune rune)
    {
        if (rune.Value is 0 or 0xFFFD)
        {
            return true;
        }

        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        // HF treats every "C*" category (control, format, private use, surrogate, unassigned) as control.
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
    }
}
