using FashionSearch.Console.Cli;
using MultimodalSearch;
using MultimodalSearch.Blip2;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Image embeddings at batch 1, 8 and 32, text embeddings at batch 32 and tokenising alone, with this setup's
/// model and options. (ImageEmbeddingBatchBenchmarks and TextEmbeddingBenchmarks compare them with bare ONNX
/// Runtime sessions.)
/// </summary>
internal static class EmbeddingBench
{
    private static readonly int[] ImageBatches = [1, 8, 32];

    private static readonly string[] ShopperQueries = [.. new[] { "black", "white", "red", "blue", "green", "grey", "pink", "purple" }
        .SelectMany(colour => new[] { "t-shirt", "striped shirt", "pair of jeans", "polka dot dress" }.Select(thing => $"show me a {colour} {thing}"))];

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(Blip2Embedder embedder, BenchSettings settings, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        var files = Directory.GetFiles(Path.Combine(BundledModel.Catalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(ImageBatches.Max()).ToArray();
        var prepared = new PreparedImage[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            prepared[i] = await embedder.PrepareImageAsync(ImageInput.FromFile(files[i]), cancellationToken).ConfigureAwait(false);
        }

        foreach (var batch in ImageBatches.Where(b => b <= prepared.Length))
        {
            var images = prepared[..batch];
            var samples = await Timer.MeasureAsync(
                _ => embedder.EmbedPreparedImagesAsync(images, cancellationToken),
                settings.Warmup,
                settings.ImageBatchRuns * (32 / batch),
                cancellationToken).ConfigureAwait(false);
            figures.Add(BenchFigure.Rate($"embed.images.batch{batch}", $"image embeddings, batch {batch} (EmbedPreparedImagesAsync)", "images/s", batch, samples));
        }

        var texts = await Timer.MeasureAsync(_ => embedder.EmbedTextsAsync(ShopperQueries, cancellationToken), settings.Warmup, settings.TextRuns, cancellationToken).ConfigureAwait(false);
        figures.Add(BenchFigure.Rate("embed.texts.batch32", "text embeddings, batch 32 (EmbedTextsAsync: tokenise + run)", "texts/s", ShopperQueries.Length, texts));
        var tokenising = await Timer.MeasureAsync(
            _ =>
            {
                foreach (var text in ShopperQueries)
                {
                    embedder.Tokenize(text);
                }

                return Task.CompletedTask;
            },
            settings.Warmup,
            settings.TextRuns,
            cancellationToken).ConfigureAwait(false);
        figures.Add(BenchFigure.Latency("embed.texts.tokenize", "tokenise the 32 texts", tokenising));
        return figures;
    }
}
