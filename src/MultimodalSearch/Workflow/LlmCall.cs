using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>
/// Runs one language-model call under its own timeout and turns every failure except the caller's
/// cancellation into a reason, so that the caller can fall back to its offline implementation.
/// </summary>
internal static class LlmCall
{
    /// <summary>The operation tag of intent classification's calls.</summary>
    public const string IntentClassification = "intent_classification";

    /// <summary>The operation tag of the stylist's calls.</summary>
    public const string Advice = "advice";

    /// <summary>The fallback reason of a call that took longer than its timeout.</summary>
    public const string TimeoutReason = "timeout";

    /// <summary>The fallback reason of an answer that could not be used (not the JSON asked for, or values out of range).</summary>
    public const string InvalidReplyReason = "invalid_reply";

    /// <summary>The fallback reason of a call that failed (HTTP, authentication, quota, a provider's exception).</summary>
    public const string ErrorReason = "error";

    /// <summary>Runs <paramref name="call"/>; returns its value, or null and the reason it failed.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="call">The call; it gets a token that fires on timeout or on the caller's cancellation.</param>
    /// <param name="timeout">How long the call may take.</param>
    /// <param name="operation"><see cref="IntentClassification"/> or <see cref="Advice"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is rethrown, never turned into a fallback.</param>
    /// <returns>The value, or the reason for the fallback.</returns>
    public static async Task<(T? Value, string? FailureReason)> RunAsync<T>(
        Func<CancellationToken, Task<(T? Value, string? Problem)>> call,
        TimeSpan timeout,
        string operation,
        ILogger logger,
        CancellationToken cancellationToken)
        where T : class
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        string reason;
        string kind;
        try
        {
            var (value, problem) = await call(timeoutSource.Token).ConfigureAwait(false);
            if (value is not null)
            {
                return (value, null);
            }

            reason = "invalid reply: " + problem;
            kind = InvalidReplyReason;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own timer, or a client-side timeout inside the chat client: both mean the model was too slow.
            reason = $"timed out after {timeout.TotalSeconds:0.###} s";
            kind = TimeoutReason;
        }
#pragma warning disable CA1031 // Any failure of the model (HTTP, auth, quota, a provider bug) must fall back, never fail the request.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            reason = $"{ex.GetType().Name}: {ex.Message}";
            kind = ErrorReason;
        }

        ReportFallback(logger, operation, kind, reason);
        return (null, reason);
    }

    /// <summary>Logs a fallback and counts it (<c>multimodal_search.llm.fallbacks</c>).</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="operation"><see cref="IntentClassification"/> or <see cref="Advice"/>.</param>
    /// <param name="kind"><see cref="TimeoutReason"/>, <see cref="InvalidReplyReason"/> or <see cref="ErrorReason"/>.</param>
    /// <param name="reason">The reason in words.</param>
    public static void ReportFallback(ILogger logger, string operation, string kind, string reason)
    {
        WorkflowLog.LlmFallback(logger, operation == Advice ? "Stylist advice" : "Intent classification", reason);
        MultimodalSearchMetrics.CountFallback(operation, kind);
    }
}
