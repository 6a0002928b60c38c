using FashionSearch.Console.Cli;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch;
using MultimodalSearch.Blip2;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Image embeddings at batch 1, 8 and 32 and text embeddings at batch 32, against ONNX Runtime's
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// on the same input already in a tensor, in a session made with the embedder's settings (optimisations, threads,
/// thread spinning as <see cref="Blip2EmbedderOptions.AllowThreadSpinning"/> says).
/// </summary>
internal static class EmbeddingBench
{
    private static readonly int[] ImageBatches = [1, 8, 32];

    private static readonly string[] ShopperQueries = [.. new[] { "black", "white", "red", "blue", "green", "grey", "pink", "purple" }
        .SelectMany(colour => new[] { "t-shirt", "striped shirt", "pair of jeans", "polka dot dress" }.Select(thing => $"show me a {colour} {thing}"))];

    private delegate Task<(Samples Ours, Samples Baseline)> PairTimer(Func<int, Task> ours, Func<int, Task> baseline, int warmup, int runs, CancellationToken cancellationToken);

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(Blip2Embedder embedder, Blip2EmbedderOptions options, BenchSettings settings, CancellationToken cancellationToken)
    {
        using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowThreadSpinning ? "1" : "0");
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        // Alternate ours and the baseline run by run, so that a change in the machine's load hits both; but spinning
        // thread pools (when enabled) would slow whichever session runs next, so then time one block after the other.
        PairTimer measure = options.AllowThreadSpinning ? Timer.MeasureBlocksAsync : Timer.MeasurePairAsync;
        var figures = new List<BenchFigure>();
        var files = Directory.GetFiles(Path.Combine(BundledModel.Catalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(ImageBatches.Max()).ToArray();
        var prepared = new PreparedImage[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            prepared[i] = await embedder.PrepareImageAsync(ImageInput.FromFile(files[i]), cancellationToken).ConfigureAwait(false);
        }

        using (var vision = new InferenceSession(Path.Combine(embedder.Model.Name, "vision.onnx"), sessionOptions))
        {
            foreach (var batch in ImageBatches.Where(b => b <= prepared.Length))
            {
                var images = prepared[..batch];
                var pixels = images.SelectMany(p => p.Pixels.ToArray()).ToArray();
                using var tensor = OrtValue.CreateTensorValueFromMemory(pixels, [batch, 3, 224, 224]);
                var (ours, raw) = await measure(
                    _ => embedder.EmbedPreparedImagesAsync(images, cancellationToken),
                    _ => RunAsync(vision, "pixel_values", [tensor], "image_embeds"),
                    settings.Warmup,
                    settings.ImageBatchRuns * (32 / batch),
                    cancellationToken).ConfigureAwait(false);
                figures.Add(BenchFigure.Rate($"embed.images.batch{batch}", $"image embeddings, batch {batch} (EmbedPreparedImagesAsync)", "images/s", batch, ours, "raw InferenceSession.Run on the same tensor", raw));
            }
        }

        figures.Add(await MeasureTextAsync(embedder, sessionOptions, measure, settings, cancellationToken).ConfigureAwait(false));
        figures.Add(await MeasureTokenizingAsync(embedder, measure, settings, cancellationToken).ConfigureAwait(false));
        return figures;
    }

    private static async Task<BenchFigure> MeasureTextAsync(
        Blip2Embedder embedder,
        SessionOptions sessionOptions,
        PairTimer measure,
        BenchSettings settings,
        CancellationToken cancellationToken)
    {
        var texts = ShopperQueries;
        var ids = texts.Select(embedder.Tokenize).ToArray();
        var length = ids.Max(t => t.Count);
        var tokens = new long[texts.Length * length];
        var mask = new long[texts.Length * length];
        for (var i = 0; i < ids.Length; i++)
        {
            for (var j = 0; j < ids[i].Count; j++)
            {
                tokens[(i * length) + j] = ids[i][j];
                mask[(i * length) + j] = 1;
            }
        }

        using var text = new InferenceSession(Path.Combine(embedder.Model.Name, "text.onnx"), sessionOptions);
        using var tokenTensor = OrtValue.CreateTensorValueFromMemory(tokens, [texts.Length, length]);
        using var maskTensor = OrtValue.CreateTensorValueFromMemory(mask, [texts.Length, length]);
        var (ours, raw) = await measure(
            _ => embedder.EmbedTextsAsync(texts, cancellationToken),
            _ => RunAsync(text, "input_ids", [tokenTensor, maskTensor], "text_embeds", "attention_mask"),
            settings.Warmup,
            settings.TextRuns,
            cancellationToken).ConfigureAwait(false);
        return BenchFigure.Rate("embed.texts.batch32", "text embeddings, batch 32 (EmbedTextsAsync: tokenise + run)", "texts/s", texts.Length, ours, "raw InferenceSession.Run on the same token tensors", raw);
    }

    /// <summary>Tokenising the 32 queries against embedding them (which tokenises and runs): the ratio is the tokenizer's share.</summary>
    private static async Task<BenchFigure> MeasureTokenizingAsync(Blip2Embedder embedder, PairTimer measure, BenchSettings settings, CancellationToken cancellationToken)
    {
        var (ours, embedding) = await measure(
            _ =>
            {
                foreach (var text in ShopperQueries)
                {
                    embedder.Tokenize(text);
                }

                return Task.CompletedTask;
            },
            _ => embedder.EmbedTextsAsync(ShopperQueries, cancellationToken),
            settings.Warmup,
            settings.TextRuns,
            cancellationToken).ConfigureAwait(false);
        return BenchFigure.Latency("embed.texts.tokenize", "tokenise the 32 texts (ratio: share of the text-embedding time)", ours, "EmbedTextsAsync on the same texts (tokenise + run)", embedding);
    }

    private static Task RunAsync(InferenceSession session, string firstInput, IReadOnlyCollection<OrtValue> inputs, string output, string? secondInput = null)
    {
        using var runOptions = new RunOptions();
        string[] names = secondInput is null ? [firstInput] : [firstInput, secondInput];
        using var outputs = session.Run(runOptions, names, inputs, [output]);
        return Task.CompletedTask;
    }
}
