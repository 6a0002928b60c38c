namespace MultimodalSearch.Ingestion;

/// <summary>Options of <see cref="CatalogIngestor"/>, bound from <c>MultimodalSearch:Ingestion</c>.</summary>
/// <remarks>
/// Throughput on a CPU: with a small model, one-thread model calls running side by side beat one call
/// spread over every core. Set <see cref="EmbeddingConcurrency"/> to the core count and the embedder's
/// intra-op threads to 1 (for BLIP-2, <c>MultimodalSearch:Blip2:IntraOpThreads</c>); the <c>fashion-search</c>
/// CLI does so for its indexing commands. See docs/benchmarks.md for the measurements.
/// </remarks>
public sealed class IngestionOptions
{
    /// <summary>The configuration section name under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Gets or sets how many items are written to the store together (default 32): the unit of durability and progress.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Gets or sets the most images one model call embeds (default 8). A call takes what is ready up to
    /// this, so a slow source never waits for a full batch.
    /// </summary>
    public int EmbeddingBatchSize { get; set; } = 8;

    /// <summary>Gets or sets how many model calls run at once (default 1). See the remarks on the class.</summary>
    public int EmbeddingConcurrency { get; set; } = 1;

    /// <summary>Gets or sets how many images are read and preprocessed in parallel (default: the processor count).</summary>
    public int PreprocessingParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets how many preprocessed images may wait for the model (default 64). This bounds memory:
    /// each waiting image holds its model input (about 0.6 MB for BLIP-2). Embedded items waiting for the
    /// store are bounded too, by twice <see cref="BatchSize"/>.
    /// </summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// Gets or sets the most bytes an image file may have (default 50 MiB). Larger files are reported and skipped
    /// without being read; so is a file that grows past it while it is read. Only regular files are read: a folder,
    /// FIFO, socket or device is reported without being opened, and a file whose first bytes start no JPEG, PNG,
    /// WebP, GIF or BMP image without being read further.
    /// </summary>
    public long MaxImageBytes { get; set; } = ImageInput.DefaultMaxBytes;

    /// <summary>Gets or sets a value indicating whether items whose source record disappeared are deleted from the store.</summary>
    public bool Prune { get; set; }

    /// <summary>Copies the options, so that later changes do not affect an ingestor.</summary>
    /// <returns>A copy.</returns>
    internal IngestionOptions Clone() => (IngestionOptions)MemberwiseClone();
}
