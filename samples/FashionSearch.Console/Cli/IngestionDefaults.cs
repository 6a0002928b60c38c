namespace FashionSearch.Console.Cli;

/// <summary>
/// The defaults of the commands that index images, below every configuration source: model calls of 4 images
/// side by side, one per core up to 4, with the cores shared out between them (one thread each on up to 4
/// cores), instead of one call over every core: with the demo model on 2 cores that embeds 1.6x the images per
/// second (docs/benchmarks.md). Searches keep the library's defaults (one call over every core: the lowest
/// latency for one query).
/// </summary>
internal static class IngestionDefaults
{
    /// <summary>At most this many model calls run at once: each holds its own activations.</summary>
    public const int MaxEmbeddingConcurrency = 4;

    /// <summary>The configuration entries for a machine with <paramref name="processorCount"/> cores.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ForThroughput(int processorCount)
    {
        var concurrency = Math.Clamp(processorCount, 1, MaxEmbeddingConcurrency);
        var threads = Math.Max(1, processorCount / concurrency);
        return
        [
            new("MultimodalSearch:Ingestion:EmbeddingConcurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("MultimodalSearch:Ingestion:EmbeddingBatchSize", "4"),
            new("MultimodalSearch:Blip2:IntraOpThreads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
    }
}
