using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch.Blip2;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// Text embeddings of shopping queries at batch 1 and 32: <see cref="Blip2Embedder.EmbedTextsAsync"/> (tokenise, pad,
/// run, take [CLS]) against the bare ONNX Runtime session run on the same token ids already in tensors (the baseline).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessRunConfig))]
public class TextEmbeddingBenchmarks : IDisposable
{
    private Blip2Embedder _embedder = null!;
    private InferenceSession _session = null!;
    private string[] _texts = [];
    private OrtValue _tokens = null!;
    private OrtValue _mask = null!;

    [Params(1, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _embedder = DemoModelSession.LoadEmbedder();
        _session = DemoModelSession.Open("text.onnx");
        _texts = DemoModelSession.Queries(Batch);
        var ids = _texts.Select(_embedder.Tokenize).ToArray();
        var length = ids.Max(t => t.Count);
        var tokens = new long[Batch * length];
        var mask = new long[Batch * length];
        for (var i = 0; i < Batch; i++)
        {
            for (var j = 0; j < ids[i].Count; j++)
            {
                tokens[(i * length) + j] = ids[i][j];
                mask[(i * length) + j] = 1;
            }
        }

        _tokens = OrtValue.CreateTensorValueFromMemory(tokens, [Batch, length]);
        _mask = OrtValue.CreateTensorValueFromMemory(mask, [Batch, length]);
    }

    [Benchmark(Baseline = true, Description = "raw InferenceSession.Run")]
    public float RawSession()
    {
        using var options = new RunOptions();
        using var outputs = _session.Run(options, ["input_ids", "attention_mask"], [_tokens, _mask], ["text_embeds"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [Benchmark(Description = "EmbedTextsAsync")]
    public async Task<float> Embedder() => (await _embedder.EmbedTextsAsync(_texts))[0].Vector.Span[0];

    [GlobalCleanup]
    public void Dispose()
    {
        _tokens?.Dispose();
        _mask?.Dispose();
        _session?.Dispose();
        _embedder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
