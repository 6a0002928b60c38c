using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>The intent classifiers' log events (ids 1300-1349, docs/telemetry.md).</summary>
internal static partial class IntentLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Offline classification: [{Categories}] x {Count}, {FollowUp}.")]
    public static partial void OfflineClassification(ILogger logger, string categories, int count, FollowUpKind followUp);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Intent classification: the language model named categories or attribute values the catalog does not have; dropped [{Dropped}].")]
    public static partial void UnknownValuesDropped(ILogger logger, string dropped);
}
