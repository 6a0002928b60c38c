using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch.Blip2;
using MultimodalSearch.Blip2.Onnx;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Benchmarks.Embedding;

/// <summary>
/// The demo model twice: through <see cref="Blip2Embedder"/>, and as a bare ONNX Runtime session over the same graph
/// with the session options the embedder builds (<see cref="OnnxSessionFactory"/>: optimisations, threads, no spinning): the baseline.
/// </summary>
internal static class DemoModelSession
{
    private static Blip2EmbedderOptions Options => new() { ModelDirectory = TestPaths.DemoModel };

    public static Blip2Embedder LoadEmbedder() => Blip2Embedder.Load(Options);

    public static InferenceSession Open(string graph)
    {
        using var options = OnnxSessionFactory.Create(Options, NullLogger.Instance, out _);
        return new InferenceSession(Path.Combine(TestPaths.DemoModel, graph), options);
    }

    /// <summary>Gets the first <paramref name="count"/> demo catalog images (by path), as bytes.</summary>
    public static ImageInput[] CatalogImages(int count) =>
        [.. Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Take(count)
            .Select(f => ImageInput.FromBytes(File.ReadAllBytes(f), f))];

    /// <summary>Shopping queries of a few words, as people type them.</summary>
    public static string[] Queries(int count)
    {
        string[] colours = ["black", "white", "red", "navy blue", "green", "grey", "pink", "purple"];
        string[] things = ["t-shirt", "striped shirt for work", "pair of slim jeans", "polka dot dress", "running shoes"];
        return [.. Enumerable.Range(0, count).Select(i => $"show me a {colours[i % colours.Length]} {things[i / colours.Length % things.Length]}")];
    }
}
