using System.Net;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Gemini.Http;

/// <summary>The package's log messages (source-generated; event ids 1700-1799 belong to MultimodalSearch.Gemini).</summary>
internal static partial class GeminiLog
{
    [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "Gemini request to {Uri}, attempt {Attempt}")]
    public static partial void Attempt(ILogger logger, string uri, int attempt);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Gemini attempt {Attempt} failed ({Problem}); retry {Retry} of {MaxRetries} in {Delay}")]
    public static partial void Retrying(ILogger logger, int attempt, string problem, int retry, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Gemini answered 401; refreshing the access token and retrying once")]
    public static partial void RefreshingToken(ILogger logger);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Gemini looks unreachable ({Reason}); calls fail at once for {BreakDuration} instead of waiting for it")]
    public static partial void CircuitOpened(ILogger logger, string reason, TimeSpan breakDuration);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Information, Message = "Gemini circuit closed: calls go through again")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Warning, Message = "Gemini attempt {Attempt} failed ({Problem}); not retrying: the wait of {Delay} would end after the retry budget of {Budget}")]
    public static partial void BudgetSpent(ILogger logger, int attempt, string problem, TimeSpan delay, TimeSpan budget);

    /// <summary>Describes a failed attempt for a log line: the HTTP status when Gemini answered, else what went wrong (never "(null)").</summary>
    /// <param name="statusCode">The HTTP status, when there was an answer.</param>
    /// <param name="status">Google's status name, when there was one.</param>
    /// <param name="cause">The exception behind a failure with no answer, if any.</param>
    /// <returns>For example "HTTP 503 UNAVAILABLE" or "no answer: HttpRequestException: Connection refused".</returns>
    public static string Problem(HttpStatusCode? statusCode, string? status, Exception? cause) =>
        statusCode is { } code ? $"HTTP {(int)code}{(status is null ? "" : " " + status)}"
        : cause is not null ? $"no answer: {cause.GetType().Name}: {cause.Message}"
        : status ?? "no answer";
}
