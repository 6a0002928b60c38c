using System.Globalization;
using System.Text;
using MultimodalSearch.Blip2.Text;

namespace MultimodalSearch.Blip2.Tests.Text;

/// <summary>
/// Every Unicode scalar value through the normaliser and the pre-tokenizer, checked against class invariants
/// that use .NET's own Unicode data, independent of the tables the tokenizer carries.
/// </summary>
public sealed class BertUnicodeSweepTests
{
    private static IEnumerable<Rune> AllScalars()
    {
        for (var value = 0; value <= 0x10FFFF; value++)
        {
            if (Rune.IsValid(value))
            {
                yield return new Rune(value);
            }
        }
    }

    [Fact]
    public void Only_cleaning_and_accent_stripping_make_a_character_disappear()
    {
        var failures = new List<string>();
        foreach (var rune in AllScalars())
        {
            var normalized = BertTextNormalizer.Normalize(rune.ToString());
            var category = Rune.GetUnicodeCategory(rune);
            var mayVanish = rune.Value == 0xFFFD || category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.PrivateUse or UnicodeCategory.NonSpacingMark
                // Marks whose category changed after the reference's (older) Unicode tables.
                or UnicodeCategory.SpacingCombiningMark;
            if (normalized.Length == 0 && !mayVanish)
            {
                failures.Add($"U+{rune.Value:X4} ({category}) vanished");
            }

            var mustVanish = category is UnicodeCategory.Control or UnicodeCategory.PrivateUse && !BertCharacterClasses.IsWhitespace(rune);
            if (mustVanish && normalized.Length != 0)
            {
                failures.Add($"U+{rune.Value:X4} ({category}) was kept");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Whitespace_becomes_one_space_and_cjk_ideographs_are_padded()
    {
        var failures = new List<string>();
        foreach (var rune in AllScalars())
        {
            var normalized = BertTextNormalizer.Normalize(rune.ToString());
            var category = Rune.GetUnicodeCategory(rune);
            var isWhitespace = category == UnicodeCategory.SpaceSeparator || rune.Value is '\t' or '\n' or '\r' or 0x2028 or 0x2029;
            if (isWhitespace && normalized != " ")
            {
                failures.Add($"U+{rune.Value:X4} whitespace gave '{normalized}'");
            }

            if (BertCharacterClasses.IsCjkIdeograph(rune) && !(normalized.Length >= 3 && normalized[0] == ' ' && normalized[^1] == ' ' && normalized[1] != ' '))
            {
                failures.Add($"U+{rune.Value:X4} ideograph gave '{normalized}'");
            }

            if (!isWhitespace && !BertCharacterClasses.IsCjkIdeograph(rune) && normalized.Contains(' ', StringComparison.Ordinal))
            {
                failures.Add($"U+{rune.Value:X4} gave a space");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Normalised_text_is_lower_case_clean_and_within_the_buffer_bound()
    {
        var failures = new List<string>();
        foreach (var rune in AllScalars())
        {
            var input = rune.ToString();
            var normalized = BertTextNormalizer.Normalize(input);
            if (normalized.Length > BertTextNormalizer.MaxOutputLength(input.Length))
            {
                failures.Add($"U+{rune.Value:X4} grew to {normalized.Length}");
            }

            if (!string.Equals(normalized, normalized.ToLowerInvariant(), StringComparison.Ordinal))
            {
                failures.Add($"U+{rune.Value:X4} is not lower case");
            }

            foreach (var output in normalized.EnumerateRunes())
            {
                if (BertCharacterClasses.IsRemovedByCleaning(output))
                {
                    failures.Add($"U+{rune.Value:X4} left U+{output.Value:X4}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void The_pre_tokenizer_drops_only_whitespace_and_isolates_each_punctuation_character()
    {
        var failures = new List<string>();
        foreach (var rune in AllScalars())
        {
            var normalized = BertTextNormalizer.Normalize($"a{rune}b");
            var words = new List<string>();
            var preTokenizer = new BertPreTokenizer(normalized);
            while (preTokenizer.TryReadWord(out var word))
            {
                words.Add(word.ToString());
            }

            if (!string.Equals(string.Concat(words), normalized.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal))
            {
                failures.Add($"U+{rune.Value:X4}: words [{string.Join('|', words)}] lose text of '{normalized}'");
                continue;
            }

            foreach (var word in words)
            {
                var runes = word.EnumerateRunes().ToList();
                if (runes.Count > 1 && runes.Exists(BertCharacterClasses.IsPunctuation))
                {
                    failures.Add($"U+{rune.Value:X4}: punctuation inside '{word}'");
                }
            }

            var category = Rune.GetUnicodeCategory(rune);
            var isAsciiSymbol = rune.IsAscii && char.IsAsciiLetterOrDigit((char)rune.Value) is false && rune.Value is > ' ' and < 0x7F;
            var isPunctuation = isAsciiSymbol || BertCharacterClasses.IsPunctuation(rune);
            if (isPunctuation && words.Count != 3)
            {
                failures.Add($"U+{rune.Value:X4} ({category}) punctuation not split: [{string.Join('|', words)}]");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void The_punctuation_table_agrees_with_dotnet_except_where_unicode_changed()
    {
        // The reference's tables are older than .NET's: code points assigned since are unknown to it, and a few
        // were re-categorised (U+166D CANADIAN SYLLABICS CHI SIGN, Po -> So; U+111C9 SHARADA SANDHI MARK, Po -> Mn).
        // Everything it calls punctuation must still be punctuation or one of those; most of .NET's must be in it.
        var dotnetPunctuation = 0;
        var agreed = 0;
        var failures = new List<string>();
        foreach (var rune in AllScalars())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var isUnicodePunctuation = category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
            var inTable = !rune.IsAscii && BertCharacterClasses.IsPunctuation(rune);
            if (inTable && !isUnicodePunctuation && rune.Value is not (0x166D or 0x111C9))
            {
                failures.Add($"U+{rune.Value:X4} ({category})");
            }

            if (isUnicodePunctuation && !rune.IsAscii)
            {
                dotnetPunctuation++;
                agreed += inTable ? 1 : 0;
            }
        }

        Assert.Empty(failures);
        Assert.InRange(agreed, dotnetPunctuation * 8 / 10, dotnetPunctuation);
    }
}
