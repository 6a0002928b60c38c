using System.Net;

namespace MultimodalSearch.Gemini.Http;

/// <summary>Which failures are retried and how long to wait: Google's advice first, else exponential backoff with jitter.</summary>
internal static class GeminiRetryPolicy
{
    /// <summary>408, 429, 500, 502, 503 and 504 are transient (as in Google's SDKs); 400, 403, 404 and the rest would fail again.</summary>
    public static bool IsRetryable(HttpStatusCode statusCode) => statusCode is
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based) when the server gave no delay.</summary>
    public static TimeSpan Backoff(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // Jitter spreads clients that failed together so they do not retry together.
        var factor = Math.Pow(2, retry - 1) * (0.8 + (0.4 * Random.Shared.NextDouble()));
        var delay = TimeSpan.FromMilliseconds(Math.Min(baseDelay.TotalMilliseconds * factor, maxDelay.TotalMilliseconds));
        return delay;
    }
}
