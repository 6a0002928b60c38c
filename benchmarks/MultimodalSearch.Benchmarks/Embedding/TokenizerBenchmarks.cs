using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using MultimodalSearch.Blip2.Text;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// Tokenising 32 shopping queries: BLIP-2's tokenizer (BERT normalisation without ICU, WordPiece, [CLS] ... [SEP],
/// truncation) against Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> doing its own lower-casing on the same
/// texts (the baseline: the library underneath, as it comes).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessRunConfig))]
public class TokenizerBenchmarks
{
    private const int MaxTokens = 128;
    private string[] _texts = [];
    private Blip2Tokenizer _ours = null!;
    private BertTokenizer _bert = null!;

    [GlobalSetup]
    public void Setup()
    {
        var vocab = Path.Combine(TestPaths.DemoModel, "vocab.txt");
        _texts = DemoModelSession.Queries(32);
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
}
