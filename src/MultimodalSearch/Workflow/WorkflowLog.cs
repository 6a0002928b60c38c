using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>The workflow's log events (ids 1200-1299, docs/telemetry.md).</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Request answered: [{Categories}] x {Count} (classified by {ClassifiedBy}, {FollowUp}, {Relation}), {Items} items, advice by {AdvisedBy}, {Total:0} ms.")]
    public static partial void RequestAnswered(ILogger logger, string categories, int count, ResultSource classifiedBy, FollowUpKind followUp, PhotoRelation relation, int items, ResultSource advisedBy, double total);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "The conversation's photo '{Reference}' is no longer available; the follow-up goes on without it.")]
    public static partial void ConversationPhotoGone(ILogger logger, string reference);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The classifier named categories the catalog does not have; ignored: [{Unknown}].")]
    public static partial void UnknownCategoriesIgnored(ILogger logger, string unknown);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "{Operation}: the language model's answer was not used ({Reason}); falling back to the offline implementation.")]
    public static partial void LlmFallback(ILogger logger, string operation, string reason);
}
