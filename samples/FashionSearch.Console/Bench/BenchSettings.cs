namespace FashionSearch.Console.Bench;

/// <summary>
/// How many runs each figure takes: the default gives steady medians in about a minute on 2 cores; quick is a smoke run.
/// Image batches of b run <see cref="ImageBatchRuns"/> x 32 / b times, so every batch size embeds as many images.
/// </summary>
internal sealed record BenchSettings(int Warmup, int PreprocessRuns, int ImageBatchRuns, int TextRuns, int TextSearchRuns, int ImageSearchRuns, int AskRounds, int IngestionRuns)
{
    public static BenchSettings Default { get; } = new(Warmup: 3, PreprocessRuns: 100, ImageBatchRuns: 4, TextRuns: 20, TextSearchRuns: 200, ImageSearchRuns: 50, AskRounds: 5, IngestionRuns: 3);

    public static BenchSettings Quick { get; } = new(Warmup: 1, PreprocessRuns: 10, ImageBatchRuns: 1, TextRuns: 3, TextSearchRuns: 20, ImageSearchRuns: 5, AskRounds: 1, IngestionRuns: 1);

    /// <summary>Multiplies every run count by <paramref name="factor"/> (at least one run each).</summary>
    public BenchSettings Times(double factor) => this with
    {
        PreprocessRuns = Scale(PreprocessRuns, factor),
        ImageBatchRuns = Scale(ImageBatchRuns, factor),
        TextRuns = Scale(TextRuns, factor),
        TextSearchRuns = Scale(TextSearchRuns, factor),
        ImageSearchRuns = Scale(ImageSearchRuns, factor),
        AskRounds = Scale(AskRounds, factor),
        IngestionRuns = Scale(IngestionRuns, factor),
    };

    private static int Scale(int runs, double factor) => Math.Max(1, (int)Math.Round(runs * factor));
}
