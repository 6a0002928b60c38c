using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Evaluation;

/// <summary>The evaluator's log events (ids 1900-1999, docs/telemetry.md).</summary>
internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Evaluating {Queries} queries under {Modes} scoring modes on {Items} catalog items")]
    public static partial void Evaluating(ILogger logger, int queries, int modes, int items);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "Evaluated {Results} query rankings in {Seconds:F1} s")]
    public static partial void Evaluated(ILogger logger, int results, double seconds);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Debug, Message = "Embedded {Texts} distinct texts and {Photos} distinct photos")]
    public static partial void QueriesEmbedded(ILogger logger, int texts, int photos);
}
