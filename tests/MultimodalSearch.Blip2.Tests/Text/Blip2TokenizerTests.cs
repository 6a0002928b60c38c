using MultimodalSearch.Blip2.Text;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests.Text;

public sealed class Blip2TokenizerTests
{
    public static TheoryData<int> TinyTexts() => new(Enumerable.Range(0, TinyReference.Instance.Texts.Length));

    public static TheoryData<int> DemoQueries() => new(Enumerable.Range(0, DemoReference.Instance.Queries.Count));

    [Theory]
    [MemberData(nameof(TinyTexts))]
    public void Token_ids_equal_the_reference_for_every_tiny_fixture_text(int index)
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.TinyModel, "vocab.txt"), 128);

        var ids = tokenizer.Encode(TinyReference.Instance.Texts[index]);

        Assert.Equal(TinyReference.Instance.TokenIds[index], ids);
    }

    [Theory]
    [MemberData(nameof(DemoQueries))]
    public void Token_ids_equal_the_reference_for_every_demo_query(int index)
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.DemoModel, "vocab.txt"), 128);

        var ids = tokenizer.Encode(DemoReference.Instance.Queries[index]);

        Assert.Equal(DemoReference.Instance.QueryTokenIds[index], ids);
    }

    [Fact]
    public void Empty_text_encodes_as_cls_and_sep()
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.DemoModel, "vocab.txt"), 128);

        Assert.Equal([101, 102], tokenizer.Encode(""));
    }

    [Fact]
    public void Long_text_is_truncated_to_the_maximum_keeping_sep()
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.DemoModel, "vocab.txt"), 16);

        var ids = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("red shirt", 40)));

        Assert.Equal(16, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.Equal(tokenizer.Encode("red shirt red shirt red shirt red shirt red shirt red shirt red shirt")[..15], ids[..15]);
    }

    [Theory]
    [InlineData("red\tshirt", "red shirt")]
    [InlineData("red\r\nshirt", "red shirt")]
    [InlineData("red\u00A0shirt", "red shirt")]
    [InlineData("red\u200Bshirt", "redshirt")]
    [InlineData("red\u0000 shirt\uFFFD", "red shirt")]
    [InlineData("RED SHİRT", "red shirt")]
    [InlineData("Café", "cafe")]
    [InlineData("ÉLÉGANT Ångström naïve", "elegant angstrom naive")]
    [InlineData("한복", "\u1112\u1161\u11AB\u1107\u1169\u11A8")]
    public void Whitespace_control_characters_case_and_accents_are_normalised_like_bert_uncased(string text, string equivalent)
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.DemoModel, "vocab.txt"), 128);

        Assert.Equal(tokenizer.Encode(equivalent), tokenizer.Encode(text));
    }

    [Fact]
    public void Cjk_characters_and_punctuation_become_separate_tokens()
    {
        var tokenizer = Blip2Tokenizer.Load(Path.Combine(TestPaths.DemoModel, "vocab.txt"), 128);

        var ids = tokenizer.Encode("red,shirt!中国");

        // [CLS] red , shirt ! 中 国 [SEP]: each punctuation mark and CJK ideograph is its own token.
        Assert.Equal(8, ids.Length);
        Assert.Equal(tokenizer.Encode("red , shirt ! 中 国"), ids);
    }

    [Fact]
    public void A_missing_vocabulary_is_reported_as_a_model_error()
    {
        var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Tokenizer.Load("/nonexistent/vocab.txt", 128));
        Assert.Contains("/nonexistent/vocab.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_without_a_special_token_is_reported_as_a_model_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vocab-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, ["[PAD]", "[CLS]", "[SEP]", "red"]);
        try
        {
            var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Tokenizer.Load(path, 128));
            Assert.Contains("[UNK]", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
