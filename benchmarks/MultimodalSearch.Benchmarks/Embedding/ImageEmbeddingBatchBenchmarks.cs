using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch.Blip2;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// Image embeddings of demo catalog images at batch 1, 8 and 32: <see cref="Blip2Embedder.EmbedPreparedImagesAsync"/>
/// against the bare ONNX Runtime session run on the same pixels already in one tensor (the baseline).
/// Divide the batch by the mean time for images/s.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessRunConfig))]
public class ImageEmbeddingBatchBenchmarks : IDisposable
{
    private Blip2Embedder _embedder = null!;
    private InferenceSession _session = null!;
    private PreparedImage[] _prepared = [];
    private OrtValue _tensor = null!;

    [Params(1, 8, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _embedder = DemoModelSession.LoadEmbedder();
        _session = DemoModelSession.Open("vision.onnx");
        var images = DemoModelSession.CatalogImages(Batch);
        _prepared = new PreparedImage[Batch];
        for (var i = 0; i < Batch; i++)
        {
            _prepared[i] = await _embedder.PrepareImageAsync(images[i]);
        }

        _tensor = OrtValue.CreateTensorValueFromMemory(_prepared.SelectMany(p => p.Pixels.ToArray()).ToArray(), [Batch, 3, 224, 224]);
    }

    [Benchmark(Baseline = true, Description = "raw InferenceSession.Run")]
    public float RawSession()
    {
        using var options = new RunOptions();
        using var outputs = _session.Run(options, ["pixel_values"], [_tensor], ["image_embeds"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [Benchmark(Description = "EmbedPreparedImagesAsync")]
    public async Task<float> Embedder() => (await _embedder.EmbedPreparedImagesAsync(_prepared))[0].Vectors.Span[0];

    [GlobalCleanup]
    public void Dispose()
    {
        _tensor?.Dispose();
        _session?.Dispose();
        _embedder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
