namespace FashionSearch.Web.Hosting;

/// <summary>The web app's log messages (source-generated; event ids 1500-1599).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "The catalog holds {Count} items; indexing skipped.")]
    public static partial void CatalogAlreadyIndexed(ILogger logger, long count);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Indexing the catalog {Catalog} ...")]
    public static partial void IndexingStarted(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Indexing: {Done}/{Expected} ({Indexed} indexed, {Skipped} unchanged, {Failed} failed)")]
    public static partial void IndexingProgress(ILogger logger, int done, int expected, int indexed, int skipped, int failed);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Indexed {Indexed} items ({Failed} failed) in {ElapsedMs:F0} ms.")]
    public static partial void IndexingFinished(ILogger logger, int indexed, int failed, double elapsedMs);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Indexing skipped {Path}: {Reason}")]
    public static partial void IndexingItemFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Ready: model loaded and warmed in {ElapsedMs:F0} ms, {Count} items in the catalog.")]
    public static partial void Ready(ILogger logger, double elapsedMs, long count);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Critical, Message = "Startup failed; the app stays unready.")]
    public static partial void StartupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "The catalog is empty and FashionSearchWeb:IndexDemoCatalog is false; searches find nothing until it is indexed.")]
    public static partial void IndexingDisabled(ILogger logger);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {Status}: {Detail}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int status, string detail);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Error, Message = "{Method} {Path} failed.")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "Rate limit reached for {Client} on {Path}.")]
    public static partial void RateLimited(ILogger logger, string client, string path);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Information, Message = "Stream ended by the client after {Events} events.")]
    public static partial void StreamCancelled(ILogger logger, int events);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Warning, Message = "The stream failed after {Events} events; an error event was sent.")]
    public static partial void StreamFailed(ILogger logger, Exception exception, int events);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Warning, Message = "The image of item {Id} cannot be served: {Reason}")]
    public static partial void ItemImageUnavailable(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 1530, Level = LogLevel.Information, Message = "Listening on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(EventId = 1531, Level = LogLevel.Information, Message = "Telemetry exporter: {Exporter}")]
    public static partial void TelemetryExporter(ILogger logger, string exporter);
}
