using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Ingestion;

/// <summary>The ingestor's log events (ids 1100-1199, docs/telemetry.md).</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Indexing {Count} records from {Source}; the store has {Stored} items. Model calls at once: {Concurrency}, of up to {EmbeddingBatchSize} images; store writes of {BatchSize} items.")]
    public static partial void Starting(ILogger logger, int count, string source, int stored, int concurrency, int embeddingBatchSize, int batchSize);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "The store defers index maintenance for this load of up to {Count} new items.")]
    public static partial void BulkLoadDeferred(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Indexing stopped ({Reason}); ending the bulk load, which restores the store's index.")]
    public static partial void StoppedEndingBulkLoad(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Ending the bulk load did not complete; the store restores its index on its next write or when next opened.")]
    public static partial void BulkLoadEndIncomplete(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Pruned {Count} items whose source records disappeared.")]
    public static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Ending the bulk load after a stopped run failed too.")]
    public static partial void BulkLoadEndFailedAfterStop(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "Embedding a batch of {Count} images failed.")]
    public static partial void EmbeddingBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Skipping {Path}: {Reason}")]
    public static partial void Skipped(ILogger logger, string path, string reason);
}
