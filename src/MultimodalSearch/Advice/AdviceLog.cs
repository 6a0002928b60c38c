using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>The stylists' log events (ids 1350-1399, docs/telemetry.md).</summary>
internal static partial class AdviceLog
{
    [LoggerMessage(EventId = 1350, Level = LogLevel.Warning, Message = "The shopper's photo is not sent to the stylist: {Reason}")]
    public static partial void PhotoNotSent(ILogger logger, string reason);

    [LoggerMessage(EventId = 1351, Level = LogLevel.Warning, Message = "Image '{Name}' is not sent to the stylist: {Reason}")]
    public static partial void ImageNotSent(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 1352, Level = LogLevel.Warning, Message = "Image '{Name}' is not sent to the stylist: not a JPEG, PNG, GIF or WebP image.")]
    public static partial void ImageNotSupported(ILogger logger, string name);

    [LoggerMessage(EventId = 1353, Level = LogLevel.Debug, Message = "Image '{Name}' is not sent to the stylist: {Bytes} bytes do not fit the {Left} left of MaxImageBytesTotal.")]
    public static partial void ImageOverBudget(ILogger logger, string name, int bytes, long left);

    [LoggerMessage(EventId = 1354, Level = LogLevel.Debug, Message = "Image '{Location}' of item {Id} is not a local file; it is not sent to the stylist.")]
    public static partial void ImageNotLocal(ILogger logger, string location, string id);

    [LoggerMessage(EventId = 1355, Level = LogLevel.Debug, Message = "Image '{Path}' ({Bytes} bytes) is too large to send to the stylist.")]
    public static partial void ImageTooLarge(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 1356, Level = LogLevel.Warning, Message = "Image '{Path}' of item {Id} cannot be read; it is not sent to the stylist: {Reason}")]
    public static partial void ImageUnreadable(ILogger logger, string path, string id, string reason);
}
