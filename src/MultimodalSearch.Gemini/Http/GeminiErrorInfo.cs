using System.Globalization;
using System.Net;

namespace MultimodalSearch.Gemini.Http;

/// <summary>An error Google returned, parsed but not yet thrown (the retry loop decides what to do with it).</summary>
/// <param name="StatusCode">The HTTP status, or the code of a stream error event.</param>
/// <param name="Status">Google's status name, if any.</param>
/// <param name="Message">Google's message (or a description of an unreadable body), secrets removed.</param>
/// <param name="RetryAfter">The delay Google asked for, if any.</param>
internal sealed record GeminiErrorInfo(HttpStatusCode? StatusCode, string? Status, string Message, TimeSpan? RetryAfter)
{
    /// <summary>Creates the exception the caller sees.</summary>
    /// <param name="context">What was being done, for example "Gemini returned" or "The Gemini stream reported".</param>
    /// <param name="attempts">How many HTTP attempts were made.</param>
    public GeminiException ToException(string context, int attempts)
    {
        var code = StatusCode is { } c ? ((int)c).ToString(CultureInfo.InvariantCulture) : "an error";
        var status = string.IsNullOrEmpty(Status) ? string.Empty : " " + Status;
        var tries = attempts > 1 ? $" (gave up after {attempts} attempts)" : string.Empty;
        return new GeminiException($"{context} {code}{status}: {Message}{tries}", StatusCode, Status)
        {
            RetryAfter = RetryAfter,
            Attempts = attempts,
            IsTransient = StatusCode is { } s && GeminiRetryPolicy.IsRetryable(s),
        };
    }
}
