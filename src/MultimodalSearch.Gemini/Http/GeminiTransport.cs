using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Sends one request with authentication, a per-attempt timeout and retries: 408/429/500/503/504,
/// timeouts and network errors are retried with backoff (honouring Google's <c>retryDelay</c>), a 401 on
/// Vertex AI refreshes the token once, anything else fails at once. A stream is only retried before its
/// response starts; after that the caller owns it.
/// </summary>
internal sealed class GeminiTransport
{
    private const string ApiKeyHeader = "x-goog-api-key";
    private const string Redacted = "***";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly IGeminiAccessTokenSource? _tokens;
    private readonly TimeSpan _timeout;
    private readonly int _maxRetries;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly ILogger _logger;
    private volatile string? _lastToken;

    public GeminiTransport(HttpClient http, GeminiClientOptions options, IGeminiAccessTokenSource? tokens, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _apiKey = tokens is null ? options.ApiKey?.Trim() : null;
        _timeout = options.RequestTimeout;
        _maxRetries = options.MaxRetries;
        _baseDelay = options.RetryBaseDelay;
        _maxDelay = options.MaxRetryDelay;
        _logger = logger;
    }

    /// <summary>Gets the per-attempt timeout (also the longest silence allowed inside a stream).</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>Posts <paramref name="body"/> and returns the whole successful response body.</summary>
    public Task<byte[]> PostAsync(Uri uri, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(uri, body, static async (response, token) =>
        {
            using (response)
            {
                return await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Posts <paramref name="body"/> and returns the successful response once its headers arrived; the caller disposes it.</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(Uri uri, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(uri, body, static (response, _) => Task.FromResult(response), cancellationToken);

    /// <summary>Turns an error that arrived inside a 200 response (a stream event) into the exception to throw.</summary>
    public GeminiException CreateException(GeminiErrorInfo error, string context) =>
        (error with { Message = Redact(error.Message) }).ToException(context, attempts: 1);

    /// <summary>Removes the API key and the current access token from text that may echo them.</summary>
    public string Redact(string text)
    {
        if (!string.IsNullOrEmpty(_apiKey))
        {
            text = text.Replace(_apiKey, Redacted, StringComparison.Ordinal);
        }

        return _lastToken is { Length: > 0 } token ? text.Replace(token, Redacted, StringComparison.Ordinal) : text;
    }

    private async Task<T> SendAsync<T>(
        Uri uri, byte[] body, Func<HttpResponseMessage, CancellationToken, Task<T>> onSuccess, CancellationToken cancellationToken)
    {
        using var activity = GeminiTelemetry.Source.StartActivity("gemini.request", ActivityKind.Internal);
        activity?.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
        var attempt = 0;
        var retries = 0;
        var refreshedToken = false;
        var forceRefresh = false;
        while (true)
        {
            attempt++;
            activity?.SetTag("gemini.attempts", attempt);
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCts.CancelAfter(_timeout);
            GeminiErrorInfo error;
            Exception? cause = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = JsonContentType;
                await AuthorizeAsync(request, forceRefresh, attemptCts.Token).ConfigureAwait(false);
                forceRefresh = false;
                _logger.LogDebug("Gemini request to {Uri}, attempt {Attempt}", uri.GetLeftPart(UriPartial.Path), attempt);
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        return await onSuccess(response, attemptCts.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }
                }

                using (response)
                {
                    error = await GeminiErrorParser.ReadAsync(response, attemptCts.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                cause = new TimeoutException($"No complete answer within {_timeout}.", ex);
                error = new GeminiErrorInfo(null, null, $"Gemini did not answer within the request timeout of {_timeout}.", null);
            }
            catch (HttpRequestException ex)
            {
                cause = ex;
                error = new GeminiErrorInfo(null, null, "Could not reach Gemini: " + ex.Message, null);
            }
            catch (IOException ex)
            {
                cause = ex;
                error = new GeminiErrorInfo(null, null, "The connection to Gemini broke: " + ex.Message, null);
            }

            if (error.StatusCode == HttpStatusCode.Unauthorized && _tokens is not null && !refreshedToken)
            {
                // A token can expire or be revoked between the cache check and the call: one fresh token, one more try.
                refreshedToken = true;
                forceRefresh = true;
                _logger.LogInformation("Gemini answered 401; refreshing the access token and retrying once");
                activity?.AddEvent(new ActivityEvent("gemini.token_refresh"));
                continue;
            }

            var transient = cause is not null || (error.StatusCode is { } status && GeminiRetryPolicy.IsRetryable(status));
            var delay = error.RetryAfter ?? GeminiRetryPolicy.Backoff(retries + 1, _baseDelay, _maxDelay);
            if (!transient || retries >= _maxRetries || delay > _maxDelay)
            {
                var exception = Fail(error, cause, attempt, transient);
                activity?.SetStatus(ActivityStatusCode.Error, exception.Status ?? exception.StatusCode?.ToString());
                throw exception;
            }

            retries++;
            _logger.LogWarning(
                "Gemini attempt {Attempt} failed ({StatusCode} {Status}); retry {Retry} of {MaxRetries} in {Delay}",
                attempt, error.StatusCode is { } c ? (int)c : null, error.Status ?? cause?.GetType().Name, retries, _maxRetries, delay);
            activity?.AddEvent(new ActivityEvent("gemini.retry", tags: new ActivityTagsCollection { ["gemini.retry_delay_ms"] = delay.TotalMilliseconds }));
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private GeminiException Fail(GeminiErrorInfo error, Exception? cause, int attempts, bool transient)
    {
        var redacted = error with { Message = Redact(error.Message) };
        if (cause is null)
        {
            return redacted.ToException("Gemini returned", attempts);
        }

        var tries = attempts > 1 ? $" (gave up after {attempts} attempts)" : string.Empty;
        return new GeminiException(redacted.Message + tries, innerException: cause)
        {
            Attempts = attempts,
            IsTransient = transient,
        };
    }

    private async ValueTask AuthorizeAsync(HttpRequestMessage request, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_tokens is null)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
            return;
        }

        var token = await _tokens.GetAccessTokenAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new GeminiException("The access token source returned an empty token for Vertex AI.");
        }

        // Remembered only so that error text echoing it can be redacted.
        _lastToken = token;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
