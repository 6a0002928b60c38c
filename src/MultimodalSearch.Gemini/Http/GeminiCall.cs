using System.Diagnostics;

namespace MultimodalSearch.Gemini.Http;

/// <summary>The state of one client call across its attempts (kept in the Polly context).</summary>
internal sealed class GeminiCall(
    Uri uri, byte[] body, Activity? activity, long started, Func<HttpResponseMessage, CancellationToken, Task<object?>> onSuccess)
{
    public Uri Uri { get; } = uri;

    public byte[] Body { get; } = body;

    public Activity? Activity { get; } = activity;

    /// <summary>Gets the <see cref="Stopwatch"/> timestamp of the call's start, for the retry budget.</summary>
    public long Started { get; } = started;

    /// <summary>Gets what a successful response becomes (the body, or the open response of a stream).</summary>
    public Func<HttpResponseMessage, CancellationToken, Task<object?>> OnSuccess { get; } = onSuccess;

    /// <summary>Gets or sets how many HTTP requests were sent, token refreshes included.</summary>
    public int Attempts { get; set; }

    public bool RefreshedToken { get; set; }

    /// <summary>Gets or sets the wait before the next retry, decided together with whether to retry at all.</summary>
    public TimeSpan NextDelay { get; set; }
}
