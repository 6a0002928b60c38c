using System.Text.Json;
using MultimodalSearch.Blip2.Text;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests.Text;

/// <summary>
/// 2,000 random texts (words, symbols, emoji, controls, code points of every plane, special tokens) tokenized
/// by Hugging Face's tokenizers library (tests/data/bert-tokenizer, made by tools/unicode/generate_reference_tokens.mjs).
/// </summary>
public sealed class HuggingFaceParityTests
{
    private static readonly Lazy<(string Text, int[] Ids)[]> Cases = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "data", "bert-tokenizer", "hf-reference-tokens.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(entry => (entry.GetProperty("text").GetString()!, entry.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray()))];
    });

    [Fact]
    public void Every_random_text_has_the_reference_ids()
    {
        var tokenizer = Blip2Tokenizer.Load(VocabularyFile.DemoPath, 4096);

        var mismatches = Cases.Value.Where(entry => !tokenizer.Encode(entry.Text).SequenceEqual(entry.Ids)).Select(entry => entry.Text).ToList();

        Assert.Equal(2000, Cases.Value.Length);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Truncated_texts_are_the_reference_ids_cut_before_sep()
    {
        const int maxTokens = 16;
        var tokenizer = Blip2Tokenizer.Load(VocabularyFile.DemoPath, maxTokens);

        foreach (var (text, ids) in Cases.Value.Where(entry => entry.Ids.Length > maxTokens).Take(200))
        {
            int[] expected = [.. ids[..(maxTokens - 1)], ids[^1]];
            Assert.Equal(expected, tokenizer.Encode(text));
        }
    }

    [Fact]
    public void A_long_text_of_all_the_random_texts_has_their_ids_in_a_row()
    {
        // About 120,000 characters, read in chunks that end after a space: the chunks must not show.
        var text = string.Join(' ', Cases.Value.Select(entry => entry.Text));
        int[] expected = [101, .. Cases.Value.SelectMany(entry => entry.Ids[1..^1]), 102];
        var tokenizer = Blip2Tokenizer.Load(VocabularyFile.DemoPath, expected.Length);

        Assert.Equal(expected, tokenizer.Encode(text));
        Assert.Equal(expected[..127].Append(102), Blip2Tokenizer.Load(VocabularyFile.DemoPath, 128).Encode(text));
    }
}
