using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using MultimodalSearch.Blip2.Text;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// Tokenising 32 texts: BLIP-2's tokenizer (Hugging Face's BERT normaliser and pre-tokenizer, WordPiece, [CLS] ...
/// [SEP], truncation) against Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> doing its own lower-casing on
/// the same texts (the baseline: a library tokenizer as it comes, which gives other ids on symbols and emoji).
/// The texts are the demo's shopping queries, or the first 32 random multi-script texts of the Hugging Face
/// parity file (tests/data/bert-tokenizer).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessRunConfig))]
public class TokenizerBenchmarks
{
    private const int MaxTokens = 128;
    private string[] _texts = [];
    private Blip2Tokenizer _ours = null!;
    private BertTokenizer _bert = null!;

    /// <summary>Which 32 texts: <c>queries</c> or <c>multiscript</c>.</summary>
    [Params("queries", "multiscript")]
    public string Texts { get; set; } = "queries";

    [GlobalSetup]
    public void Setup()
    {
        var vocab = Path.Combine(TestPaths.DemoModel, "vocab.txt");
        _texts = Texts == "queries" ? DemoModelSession.Queries(32) : MultiScriptTexts(32);
        _ours = Blip2Tokenizer.Load(vocab, MaxTokens);
        _bert = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
    }

    [Benchmark(Baseline = true, Description = "BertTokenizer.EncodeToIds, 32 texts")]
    public int Bert()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += _bert.EncodeToIds(text, MaxTokens, out _, out _).Count;
        }

        return total;
    }

    [Benchmark(Description = "Blip2Tokenizer.Encode, 32 texts")]
    public int Blip2()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += _ours.Encode(text).Length;
        }

        return total;
    }

    private static string[] MultiScriptTexts(int count)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "data", "bert-tokenizer", "hf-reference-tokens.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Take(count).Select(entry => entry.GetProperty("text").GetString()!)];
    }
}
