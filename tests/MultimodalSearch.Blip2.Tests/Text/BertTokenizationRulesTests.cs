using MultimodalSearch.Blip2.Text;

namespace MultimodalSearch.Blip2.Tests.Text;

/// <summary>
/// Each rule of Hugging Face's BertTokenizer (bert-base-uncased, as BLIP-2 uses it) on the real 30,523-entry
/// vocabulary. Expected tokens are worked out from the rules by hand and turned into ids by reading vocab.txt.
/// </summary>
public sealed class BertTokenizationRulesTests
{
    private static readonly Blip2Tokenizer Tokenizer = Blip2Tokenizer.Load(VocabularyFile.DemoPath, 512);

    public static TheoryData<char> AsciiPunctuation() => new("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    [Theory]
    [MemberData(nameof(AsciiPunctuation))]
    public void Every_ascii_symbol_is_a_token_of_its_own(char symbol)
    {
        // $ + < = > ^ ` | ~ are symbols to Unicode but punctuation to BERT: split off, never dropped.
        Assert.Equal(VocabularyFile.Ids($"a {symbol} b"), Tokenizer.Encode($"a{symbol}b"));
        Assert.Equal(VocabularyFile.Ids($"{symbol} {symbol}"), Tokenizer.Encode($"{symbol}{symbol}"));
    }

    [Fact]
    public void The_issue_example_keeps_the_dollar()
    {
        Assert.Equal([101, 3797, 2104, 1002, 2322, 102], Tokenizer.Encode("shirt under $20"));
    }

    [Theory]
    [InlineData("¿que?", "¿ que ?")] // Spanish, Po
    [InlineData("«blue»", "« blue »")] // Pi, Pf
    [InlineData("“quoted”", "“ quoted ”")]
    [InlineData("red—blue–jacket", "red — blue – jacket")] // Pd
    [InlineData("a‿b", "a ‿ b")] // Pc
    [InlineData("青、青。", "青 、 青 。")] // CJK
    [InlineData("a،b", "a ، b")] // Arabic
    [InlineData("a।b", "a । b")] // Devanagari
    [InlineData("ら・ら", "ら ・ ら")] // Japanese
    [InlineData("a፣b", "a [UNK] b")] // Ethiopic: split off, then unknown to the vocabulary
    [InlineData("a؟b", "a [UNK] b")]
    public void Unicode_punctuation_of_any_script_is_split_off(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("5€", "5 ##€")] // Sc
    [InlineData("£20", "£2 ##0")] // greedy longest match: "£2" is an entry
    [InlineData("a±b", "a ##± ##b")] // Sm
    [InlineData("±5", "± ##5")]
    [InlineData("a´b", "a ##´ ##b")] // Sk
    [InlineData("a©", "a ##©")] // So
    [InlineData("°c", "°c")] // one vocabulary entry: the longest match wins
    [InlineData("x∑y blue", "[UNK] blue")] // a symbol the vocabulary lacks makes the whole word unknown
    public void Symbols_stay_inside_their_word(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("😀", "[UNK]")]
    [InlineData("red 😀 shirt", "red [UNK] shirt")]
    [InlineData("shirt😀", "[UNK]")] // the emoji is part of the word, which then has no full match
    [InlineData("👍🏽 jacket", "[UNK] jacket")] // skin tone modifier
    [InlineData("👨‍👩‍👧", "[UNK]")] // ZWJ sequence: the joiners are removed, the rest is one word
    [InlineData("🇫🇷 blue", "[UNK] blue")] // flag: two regional indicators
    [InlineData("❤️", "[UNK]")] // the variation selector is a non-spacing mark and goes; the heart stays
    [InlineData("😀 🤖 ✓", "[UNK] [UNK] [UNK]")]
    public void Emoji_and_emoji_sequences_become_unknown_tokens_not_nothing(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Fact]
    public void A_word_of_100_characters_is_split_and_one_of_101_is_unknown()
    {
        // The vocabulary has no run of q longer than one: "q" then 99 times "##q".
        Assert.Equal(VocabularyFile.Ids("q" + string.Concat(Enumerable.Repeat(" ##q", 99))), Tokenizer.Encode(new string('q', 100)));
        Assert.Equal(VocabularyFile.Ids("[UNK] blue"), Tokenizer.Encode(new string('q', 101) + " blue"));

        // The length is counted after normalisation: 100 letters with 100 accents are 100 characters.
        Assert.Equal(Tokenizer.Encode(new string('q', 100)), Tokenizer.Encode(string.Concat(Enumerable.Repeat("q\u0301", 100))));

        // ...and in Unicode scalar values, not UTF-16 units: 60 emoji are 120 units but only 60 characters.
        Assert.Equal(VocabularyFile.Ids("[UNK]"), Tokenizer.Encode(string.Concat(Enumerable.Repeat("😀", 60))));
    }

    [Theory]
    [InlineData("中文abc漢字", "中 文 abc 漢 [UNK]")] // 字 is not in the vocabulary: its own [UNK]
    [InlineData("red中shirt", "red 中 shirt")]
    [InlineData("ひら", "ひ ##ら")] // kana are not CJK ideographs: one word
    [InlineData("青blue", "青 blue")]
    public void Cjk_ideographs_are_words_of_their_own_among_latin(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("cafe\u0301", "cafe")]
    [InlineData("Café", "cafe")]
    [InlineData("\u0301", "")]
    [InlineData("a\u20DD", "[UNK]")] // an enclosing mark (Me) is not stripped
    [InlineData("ΟΔΟΣ", "ο ##δ ##ο ##σ")] // lower-cased one letter at a time: no final sigma
    public void Combining_marks_are_stripped_after_decomposition(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("t\u200B-\u200Dshirt", "t - shirt")] // zero-width space and joiner
    [InlineData("\u202Ered\u202C \u2066shirt\u2069", "red shirt")] // bidi overrides and isolates
    [InlineData("t\uFEFF-shirt\u200E\u200F", "t - shirt")] // BOM, LRM, RLM
    [InlineData("\u00ADblue", "blue")] // soft hyphen
    public void Zero_width_and_bidi_controls_are_removed(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n\r\u00A0\u3000\u2003\u2028\u2029")]
    [InlineData("\uE000\u200B\u0000\uFFFD\u0001\u007F")]
    public void Text_of_only_spaces_or_removed_characters_is_cls_and_sep(string text)
    {
        Assert.Equal(VocabularyFile.Ids(""), Tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("red\u2028shirt", "red shirt")] // line separator: whitespace to the reference's normaliser
    [InlineData("blue\u0378", "[UNK]")] // an unassigned code point is kept, not cleaned away
    [InlineData("a [SEP] b", "a [SEP] b")]
    [InlineData("a[MASK]b", "a [MASK] b")]
    [InlineData("[DEC]", "[DEC]")]
    [InlineData("[sep]", "[ sep ]")] // special tokens are matched as written, before lower-casing
    public void Reference_behaviours_beyond_the_basic_rules(string text, string tokens)
    {
        Assert.Equal(VocabularyFile.Ids(tokens), Tokenizer.Encode(text));
    }

    [Fact]
    public void Truncation_keeps_sep_and_may_cut_a_word_between_its_pieces()
    {
        var tokenizer = Blip2Tokenizer.Load(VocabularyFile.DemoPath, 5);

        Assert.Equal(VocabularyFile.Ids("q ##q ##q"), tokenizer.Encode(new string('q', 50)));
        Assert.Equal(VocabularyFile.Ids("blue [SEP] red"), tokenizer.Encode("blue [SEP] red shirt"));
        Assert.Equal(VocabularyFile.Ids("blue [SEP]"), Blip2Tokenizer.Load(VocabularyFile.DemoPath, 4).Encode("blue [SEP] red"));
    }
}
