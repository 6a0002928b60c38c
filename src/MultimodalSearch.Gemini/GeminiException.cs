using System.Net;

namespace MultimodalSearch.Gemini;

/// <summary>
/// A Gemini request failed: Google answered with an error (see <see cref="StatusCode"/> and
/// <see cref="Status"/>), the stream reported an error, the request timed out, or the response could not
/// be read. The message carries Google's own explanation; it never contains the API key or access token.
/// </summary>
public class GeminiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, including Google's message where there is one.</param>
    /// <param name="statusCode">The HTTP status (or the error code of a stream error event), if any.</param>
    /// <param name="status">Google's status name, for example <c>RESOURCE_EXHAUSTED</c>, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public GeminiException(
        string message,
        HttpStatusCode? statusCode = null,
        string? status = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>Gets the HTTP status code Google returned, or <see langword="null"/> when there was none (timeouts, network errors).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets Google's status name (<c>INVALID_ARGUMENT</c>, <c>RESOURCE_EXHAUSTED</c>, ...), if the error body had one.</summary>
    public string? Status { get; }

    /// <summary>Gets how long Google asked the caller to wait before retrying (<c>RetryInfo.retryDelay</c> or <c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets how many HTTP attempts were made before giving up (1 when the error was not retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>
    /// Gets a value indicating whether the failure is transient (timeouts, network errors, 408, 429, 500,
    /// 503, 504): the same request may succeed later.
    /// </summary>
    public bool IsTransient { get; init; }
}
