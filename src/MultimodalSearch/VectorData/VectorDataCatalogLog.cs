using Microsoft.Extensions.Logging;

namespace MultimodalSearch.VectorData;

/// <summary>The VectorData catalog store's log events (ids 1050-1099, docs/telemetry.md).</summary>
internal static partial class VectorDataCatalogLog
{
    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Item {Id} has {Found} of its records in collection {Collection}; skipped (being written or deleted?)")]
    public static partial void PartialItemSkipped(ILogger logger, string id, int found, string collection);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Error, Message = "{Operation} on collection {Collection} failed")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string operation, string collection);
}
