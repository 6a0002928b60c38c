using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch.Blip2;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Benchmarks.Blip2;

/// <summary>
/// The embedder's overhead over ONNX Runtime: a batch of 32 demo-catalog images through
/// <see cref="Blip2Embedder.EmbedPreparedImagesAsync"/> against <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// on the same pixels already in one tensor (the baseline).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ImageEmbeddingOverheadBenchmarks : IDisposable
{
    private const int BatchSize = 32;

    private Blip2Embedder _embedder = null!;
    private InferenceSession _session = null!;
    private PreparedImage[] _prepared = null!;
    private OrtValue _tensor = null!;
    private ImageInput[] _inputs = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        // The same session settings as the embedder's, so that only the library's own work differs.
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(Path.Combine(TestPaths.DemoModel, "vision.onnx"), options);
        var files = Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(BatchSize).ToArray();
        _inputs = files.Select(f => ImageInput.FromBytes(File.ReadAllBytes(f), f)).ToArray();
        _prepared = new PreparedImage[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _prepared[i] = await _embedder.PrepareImageAsync(_inputs[i]);
        }

        var pixels = _prepared.SelectMany(p => p.Pixels.ToArray()).ToArray();
        _tensor = OrtValue.CreateTensorValueFromMemory(pixels, [BatchSize, 3, 224, 224]);
    }

    [Benchmark(Baseline = true, Description = "raw InferenceSession.Run, batch 32")]
    public float RawSession()
    {
        using var outputs = _session.Run(new RunOptions(), ["pixel_values"], [_tensor], ["image_embeds"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [Benchmark(Description = "EmbedPreparedImagesAsync, batch 32")]
    public async Task<float> EmbedPrepared()
    {
        var embeddings = await _embedder.EmbedPreparedImagesAsync(_prepared);
        return embeddings[0].Vectors.Span[0];
    }

    [Benchmark(Description = "EmbedImagesAsync (decode + resize + embed), batch 32")]
    public async Task<float> EmbedFromBytes()
    {
        var embeddings = await _embedder.EmbedImagesAsync(_inputs);
        return embeddings[0].Vectors.Span[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _tensor?.Dispose();
        _session?.Dispose();
        _embedder?.Dispose();
        GC.SuppressFinalize(this);
    }
}
