using System.ComponentModel.DataAnnotations;

namespace MultimodalSearch.Ingestion;

/// <summary>Options of <see cref="CatalogIngestor"/>, bound from <c>MultimodalSearch:Ingestion</c>.</summary>
public sealed class IngestionOptions
{
    /// <summary>The configuration section name under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Gets or sets how many images are embedded and written together (default 32).</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how many images are read and preprocessed in parallel (default: the processor count).</summary>
    [Range(1, 256)]
    public int PreprocessingParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets how many preprocessed images may wait for the model (default 2 batches). This bounds
    /// memory: each waiting image holds its model input (about 0.6 MB for BLIP-2).
    /// </summary>
    [Range(1, 65536)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Gets or sets a value indicating whether items whose source record disappeared are deleted from the store.</summary>
    public bool Prune { get; set; }
}
