using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using MultimodalSearch.Gemini.Authentication;
using MultimodalSearch.Gemini.Wire;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Sends one request with authentication, a per-attempt timeout, and a Polly pipeline: a retry
/// (408/429/500/502/503/504, timeouts and network errors, waiting Google's <c>RetryInfo</c> / <c>Retry-After</c>
/// or backing off, within a total retry budget) around a circuit breaker that opens when Gemini gives no
/// answer twice in a row, so callers fall back at once instead of waiting on an unreachable service. A 401 on
/// Vertex AI refreshes the token once. A stream is only retried before its response starts.
/// </summary>
internal sealed class GeminiTransport
{
    private const string ApiKeyHeader = "x-goog-api-key";
    private const string UserProjectHeader = "x-goog-user-project";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly IGeminiAccessTokenSource? _tokens;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly string? _quotaProject;
    private readonly TimeSpan _retryBudget;
    private readonly TimeSpan _breakDuration;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline<GeminiAttempt> _pipeline;
    private volatile string? _lastToken;

    private static readonly ResiliencePropertyKey<GeminiCall> CallKey = new("MultimodalSearch.Gemini.Call");

    public GeminiTransport(HttpClient http, GeminiClientOptions options, IGeminiAccessTokenSource? tokens, ILogger logger)
    {
        _http = http;
        _tokens = tokens;
        _apiKey = tokens is null ? options.ApiKey?.Trim() : null;
        _timeout = options.RequestTimeout;
        _baseDelay = options.RetryBaseDelay;
        _maxDelay = options.MaxRetryDelay;
        _retryBudget = options.RetryBudget;
        _quotaProject = string.IsNullOrWhiteSpace(options.QuotaProject) ? null : options.QuotaProject.Trim();
        _breakDuration = options.CircuitBreakDuration;
        _logger = logger;
        _pipeline = BuildPipeline(options);
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

    /// <summary>Turns an error object that arrived inside a 200 response (a stream event) into the exception to throw, secrets removed.</summary>
    public GeminiException CreateException(GeminiError error, string context) =>
        GeminiErrorParser.FromError(error, null, Redact).ToException(context, attempts: 1);

    /// <summary>Removes the API key and the current access token from text that may echo them; call it before cutting the text short.</summary>
    public string Redact(string text) => SecretRedactor.Redact(text, _apiKey, _lastToken);

    private async Task<T> SendAsync<T>(
        Uri uri, byte[] body, Func<HttpResponseMessage, CancellationToken, Task<T>> onSuccess, CancellationToken cancellationToken)
    {
        using var activity = GeminiDiagnostics.Source.StartActivity("gemini.request", ActivityKind.Internal);
        activity?.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
        var call = new GeminiCall(uri, body, activity, Stopwatch.GetTimestamp(), async (response, token) => await onSuccess(response, token).ConfigureAwait(false));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Outcome<GeminiAttempt> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, self) => Outcome.FromResult(await self.AttemptAsync(ctx.Properties.GetValue(CallKey, null!), ctx.CancellationToken).ConfigureAwait(false)),
                context,
                this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is BrokenCircuitException broken)
        {
            var exception = Unavailable(broken, call.Attempts);
            activity?.SetStatus(ActivityStatusCode.Error, "circuit_open");
            throw exception;
        }

        outcome.ThrowIfException();
        var attempt = outcome.Result!;
        if (attempt.Error is { } error)
        {
            var exception = Fail(error, attempt.Cause, call.Attempts, attempt.IsTransient);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Status ?? exception.StatusCode?.ToString());
            throw exception;
        }

        return (T)attempt.Value!;
    }

    // One HTTP exchange; a 401 on Vertex AI refreshes the token and tries again at once (not a retry: the
    // token may have expired or been revoked between the cache check and the call).
    private async Task<GeminiAttempt> AttemptAsync(GeminiCall call, CancellationToken cancellationToken)
    {
        var forceRefresh = false;
        while (true)
        {
            var attempt = await SendOnceAsync(call, forceRefresh, cancellationToken).ConfigureAwait(false);
            if (attempt.Error?.StatusCode == HttpStatusCode.Unauthorized && _tokens is not null && !call.RefreshedToken)
            {
                call.RefreshedToken = true;
                forceRefresh = true;
                GeminiLog.RefreshingToken(_logger);
                call.Activity?.AddEvent(new ActivityEvent("gemini.token_refresh"));
                continue;
            }

            return attempt;
        }
    }

    private async Task<GeminiAttempt> SendOnceAsync(GeminiCall call, bool forceRefresh, CancellationToken cancellationToken)
    {
        var number = ++call.Attempts;
        call.Activity?.SetTag("multimodal_search.gemini.attempts", number);
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCts.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, call.Uri) { Content = new ByteArrayContent(call.Body) };
            request.Content.Headers.ContentType = JsonContentType;
            await AuthorizeAsync(request, forceRefresh, attemptCts.Token).ConfigureAwait(false);
            GeminiLog.Attempt(_logger, call.Uri.GetLeftPart(UriPartial.Path), number);
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return GeminiAttempt.Success(await call.OnSuccess(response, attemptCts.Token).ConfigureAwait(false));
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }

            using (response)
            {
                return GeminiAttempt.Failure(await GeminiErrorParser.ReadAsync(response, Redact, attemptCts.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && !attemptCts.IsCancellationRequested)
        {
            // Not our timer: the handler's ConnectTimeout gave up on opening the connection.
            return GeminiAttempt.Failure(
                new GeminiErrorInfo(null, null, "Could not connect to Gemini: " + (ex.InnerException?.Message ?? ex.Message), null),
                new TimeoutException("The connection to Gemini could not be opened in time.", ex));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return GeminiAttempt.Failure(
                new GeminiErrorInfo(null, null, $"Gemini did not answer within the request timeout of {_timeout}.", null),
                new TimeoutException($"No complete answer within {_timeout}.", ex));
        }
        catch (HttpRequestException ex)
        {
            return GeminiAttempt.Failure(new GeminiErrorInfo(null, null, "Could not reach Gemini: " + ex.Message, null), ex);
        }
        catch (IOException ex)
        {
            return GeminiAttempt.Failure(new GeminiErrorInfo(null, null, "The connection to Gemini broke: " + ex.Message, null), ex);
        }
    }

    private ResiliencePipeline<GeminiAttempt> BuildPipeline(GeminiClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder<GeminiAttempt>();

        // Outermost first: the retry sees what the circuit breaker decided, so an open circuit is never waited on.
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<GeminiAttempt>
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } attempt && ShouldRetry(attempt, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(CallKey, null!).NextDelay),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, null!);
                    var error = args.Outcome.Result?.Error;
                    GeminiLog.Retrying(
                        _logger, call.Attempts, GeminiLog.Problem(error?.StatusCode, error?.Status, args.Outcome.Result?.Cause ?? args.Outcome.Exception),
                        args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
                    call.Activity?.AddEvent(new ActivityEvent("gemini.retry", tags: new ActivityTagsCollection { ["multimodal_search.gemini.retry_delay_ms"] = args.RetryDelay.TotalMilliseconds }));
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.CircuitBreakDuration > TimeSpan.Zero)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<GeminiAttempt>
            {
                // Two attempts in a row that got no answer: Gemini is unreachable, and waiting on it again only
                // delays the caller's offline fallback.
                FailureRatio = 1.0,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.CircuitBreakDuration,
                StateProvider = _circuit,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsOutage: true }),
                OnOpened = args =>
                {
                    GeminiLog.CircuitOpened(_logger, args.Outcome.Result?.Error?.Message ?? args.Outcome.Exception?.Message ?? "no answer", args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    GeminiLog.CircuitClosed(_logger);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    private bool ShouldRetry(GeminiAttempt attempt, int retriesSoFar, ResilienceContext context)
    {
        if (!attempt.IsTransient || _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated)
        {
            return false;
        }

        var call = context.Properties.GetValue(CallKey, null!);
        var error = attempt.Error!;
        var delay = error.RetryAfter ?? GeminiRetryPolicy.Backoff(retriesSoFar + 1, _baseDelay, _maxDelay);
        if (delay > _maxDelay)
        {
            return false;
        }

        // The budget bounds how long a caller waits on a failing Gemini before it can fall back.
        if (Stopwatch.GetElapsedTime(call.Started) + delay > _retryBudget)
        {
            GeminiLog.BudgetSpent(_logger, call.Attempts, GeminiLog.Problem(error.StatusCode, error.Status, attempt.Cause), delay, _retryBudget);
            return false;
        }

        call.NextDelay = delay;
        return true;
    }

    private GeminiException Unavailable(BrokenCircuitException broken, int attempts) =>
        new(
            $"Gemini is treated as unreachable: recent attempts got no answer, so the client does not call it again for up to {_breakDuration} (it then tries once more). {Redact(broken.Message)}",
            innerException: broken)
        {
            Attempts = attempts,
            IsTransient = true,
            RetryAfter = broken.RetryAfter,
        };

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
        var quotaProject = _quotaProject;
        if (quotaProject is null && _tokens is IGeminiQuotaProjectSource source)
        {
            quotaProject = await source.GetQuotaProjectAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(quotaProject))
        {
            request.Headers.TryAddWithoutValidation(UserProjectHeader, quotaProject);
        }
    }
}
