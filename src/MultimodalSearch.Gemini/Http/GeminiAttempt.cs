using System.Net;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// The outcome of one HTTP attempt as the resilience pipeline sees it: the successful value, or the error
/// with its cause. Failures are results, not exceptions, so the retry and the circuit breaker can judge them.
/// </summary>
internal sealed class GeminiAttempt
{
    private GeminiAttempt(object? value, GeminiErrorInfo? error, Exception? cause)
    {
        Value = value;
        Error = error;
        Cause = cause;
    }

    /// <summary>Gets the value of a successful attempt.</summary>
    public object? Value { get; }

    /// <summary>Gets the error of a failed attempt; <see langword="null"/> on success.</summary>
    public GeminiErrorInfo? Error { get; }

    /// <summary>Gets the exception behind a failure without an HTTP answer (network error, timeout).</summary>
    public Exception? Cause { get; }

    /// <summary>Gets a value indicating whether the same request may succeed later (no answer, 408, 429, 5xx that Google's SDKs retry).</summary>
    public bool IsTransient => Error is not null && (Cause is not null || (Error.StatusCode is { } status && GeminiRetryPolicy.IsRetryable(status)));

    /// <summary>
    /// Gets a value indicating whether the failure says Gemini cannot be reached (no answer at all, or a gateway
    /// that could not reach it): what opens the circuit. 429 and 503 come from a Gemini that is up and busy.
    /// </summary>
    public bool IsOutage => Error is not null && (Cause is not null || Error.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout);

    public static GeminiAttempt Success(object? value) => new(value, null, null);

    public static GeminiAttempt Failure(GeminiErrorInfo error, Exception? cause = null) => new(null, error, cause);
}
