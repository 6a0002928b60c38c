using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Embedded;

/// <summary>The embedded store's log events (ids 1000-1049, docs/telemetry.md).</summary>
internal static partial class EmbeddedCatalogLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Opened the embedded catalog {Directory}: {Items} items in {Categories} categories, {Precision}, in {Elapsed} ms")]
    public static partial void Opened(ILogger logger, string directory, int items, int categories, EmbeddedVectorPrecision precision, double elapsed);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Committing to the embedded catalog {Directory} failed; the store must be reopened")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Compacting the embedded catalog {Directory} failed; it will be retried")]
    public static partial void CompactionFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Compacted the embedded catalog {Directory} from {Before} to {After} bytes in {Elapsed} ms")]
    public static partial void Compacted(ILogger logger, string directory, long before, long after, double elapsed);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Discarding {Bytes} uncommitted bytes at the end of {Log}")]
    public static partial void UncommittedTailDiscarded(ILogger logger, long bytes, string log);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Cannot delete the old catalog log {Log}")]
    public static partial void OldLogNotDeleted(ILogger logger, Exception exception, string log);
}
