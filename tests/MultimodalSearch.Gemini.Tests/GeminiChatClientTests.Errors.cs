using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>Blocked prompts, safety stops, HTTP errors, retries, timeouts, cancellation and secrets.</summary>
public abstract partial class GeminiChatClientTests
{
    [Fact]
    public async Task Blocked_prompt_throws_the_blocked_prompt_exception_with_googles_reason()
    {
        Server.Reply(Replies.Json(GeminiResponses.BlockedPrompt("SAFETY", "The prompt was blocked for safety.")));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiPromptBlockedException>(() => client.GetResponseAsync("something unsafe"));

        Assert.Equal("SAFETY", error.BlockReason);
        Assert.Contains("The prompt was blocked for safety.", error.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Safety_stop_returns_the_content_filter_finish_reason_instead_of_an_empty_answer()
    {
        Server.Reply(Replies.Json("""
            {"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}],
             "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-3.5-flash","responseId":"r-s"}
            """));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Empty(Assert.Single(response.Messages).Contents);
    }

    [Fact]
    public async Task Max_tokens_returns_the_partial_text_with_the_length_finish_reason()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("The navy jacket pairs well with", "MAX_TOKENS")));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 8 });

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("The navy jacket pairs well with", response.Text);
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_googles_retry_delay_then_succeeds()
    {
        Server.Reply(
            Replies.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for generate_content_requests_per_minute.", retryDelay: "0.2s"),
            Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, Server.Requests.Count);

        // Lower bound only; 5 ms of slack for timer granularity. The default backoff here is 10 ms,
        // so passing this bound shows retryDelay was honoured.
        Assert.True(Between(Server.Requests[0], Server.Requests[1]) >= TimeSpan.FromMilliseconds(195));
        AssertAuthenticated(Server.Requests[1]);
    }

    [Theory]
    [InlineData(408, "DEADLINE_EXCEEDED")]
    [InlineData(500, "INTERNAL")]
    [InlineData(502, "UNAVAILABLE")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    public async Task Transient_statuses_are_retried(int code, string status)
    {
        Server.Reply(Replies.Error(code, status, "Try again."), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_max_retries_then_fail_with_googles_status_and_message()
    {
        var internalError = Replies.Error(500, "INTERNAL", "An internal error has occurred. Please retry or report it.");
        Server.Reply(internalError, internalError, internalError, Replies.Json(GeminiResponses.Text("too late")));
        var client = CreateClient(o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("INTERNAL", error.Status);
        Assert.Equal(3, error.Attempts);
        Assert.True(error.IsTransient);
        Assert.Contains("An internal error has occurred", error.Message);
        Assert.Contains("500 INTERNAL", error.Message);
        Assert.Contains("3 attempts", error.Message);
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")]
    [InlineData(403, "PERMISSION_DENIED", "Permission denied on resource project demo.")]
    [InlineData(404, "NOT_FOUND", "models/gemini-test-model is not found for API version v1beta.")]
    public async Task Client_errors_are_not_retried_and_carry_googles_status_and_message(int code, string status, string message)
    {
        Server.Reply(Replies.Error(code, status, message), Replies.Json(GeminiResponses.Text("must not be reached")));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Single(Server.Requests);
        Assert.Equal((HttpStatusCode)code, error.StatusCode);
        Assert.Equal(status, error.Status);
        Assert.Contains(message, error.Message);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Error_body_that_is_not_json_is_reported_with_its_status_and_text()
    {
        Server.Reply(Replies.Raw(502, "text/html", "<html><title>502 Bad Gateway</title></html>"));
        var client = CreateClient(o => o.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Status);
        Assert.Contains("502 Bad Gateway", error.Message);
    }

    [Fact]
    public async Task Retry_delay_longer_than_the_allowed_maximum_fails_at_once_with_retry_after()
    {
        Server.Reply(Replies.Error(429, "RESOURCE_EXHAUSTED", "Daily quota exceeded.", retryDelay: "3600s"), Replies.Json(GeminiResponses.Text("must not be reached")));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Single(Server.Requests);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Dropped_connection_is_retried()
    {
        Server.Reply(Replies.Abort(), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Request_that_outlasts_the_timeout_fails_as_transient_with_a_timeout_cause()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Reply(Replies.Hang(clientGone));
        var client = CreateClient(o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 0;
        });

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
        Assert.Contains("timeout", error.Message, StringComparison.OrdinalIgnoreCase);

        // On a loaded machine the 300 ms can pass before the server has read the request; then its reply never
        // started and there is no open exchange to see closed.
        if (Server.Requests.Count > 0)
        {
            await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Timed_out_attempt_is_retried()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ok = Replies.Json(GeminiResponses.Text("ok"));

        // Spare answers: on a loaded machine a later attempt may also time out, which is not what this test is about.
        Server.Reply(Replies.Hang(clientGone), ok, ok, ok);
        var client = CreateClient(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.InRange(Server.Requests.Count, 2, 4);
        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Cancellation_during_a_retry_wait_is_honoured()
    {
        Server.Reply(Replies.Error(429, "RESOURCE_EXHAUSTED", "Slow down.", retryDelay: "30s"));
        var client = CreateClient(o => o.RetryBudget = TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource();

        await CancelOnceTheServerHasTheRequestAsync(client.GetResponseAsync("Hi", cancellationToken: cts.Token), cts);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_answer_is_honoured()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Reply(Replies.Hang(clientGone));
        var client = CreateClient();
        using var cts = new CancellationTokenSource();

        await CancelOnceTheServerHasTheRequestAsync(client.GetResponseAsync("Hi", cancellationToken: cts.Token), cts);
        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Secrets_never_appear_in_logs_exceptions_or_descriptions()
    {
        Server.Reply(
            Replies.Error(503, "UNAVAILABLE", $"Backend busy for credential {Secret}."),
            Replies.Error(400, "INVALID_ARGUMENT", $"API key not valid: {Secret}"));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("API key not valid: ***", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.DoesNotContain(Secret, client.ToString());
        Assert.DoesNotContain(Secret, CreateOptions(Server.BaseUri).ToString());
        Assert.NotEmpty(Logs.Lines);
        Assert.All(Logs.Lines, line => Assert.DoesNotContain(Secret, line));
    }

    [Fact]
    public async Task A_secret_echoed_in_the_status_or_straddling_the_message_cut_leaves_no_fragment_anywhere()
    {
        // The secret sits across the 1,000-character cut of the message: cutting first would leave its first half.
        var straddling = new string('x', 1000 - (Secret.Length / 2)) + Secret + " and more";
        Server.Reply(
            Replies.Error(503, $"UNAVAILABLE_FOR_{Secret}", $"Busy for {Secret}."),
            Replies.Error(400, $"INVALID_{Secret}", straddling),
            Replies.Sse("\n\n", GeminiResponses.Text("Partial ", finishReason: null), Replies.ErrorJson(503, $"UNAVAILABLE_{Secret}", straddling)));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var streamError = await Assert.ThrowsAsync<GeminiException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hi"))
            {
            }
        });

        Assert.Equal(3, Server.Requests.Count);
        Assert.NotEmpty(Logs.Lines);
        foreach (var text in Logs.Lines.Concat([error.ToString(), error.Status ?? "", streamError.ToString(), streamError.Status ?? ""]))
        {
            SecretAssert.NoFragment(Secret, text);
        }

        Assert.Contains("***", error.Status, StringComparison.Ordinal);
        Assert.Contains("***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_are_recorded_on_the_request_activity()
    {
        var activities = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MultimodalSearch.Gemini",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        Server.Reply(Replies.Error(503, "UNAVAILABLE", "Try again."), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        await client.GetResponseAsync("Hi");

        // Other tests run in parallel with their own servers: pick this server's activity by its URL.
        var activity = Assert.Single(activities, a => ((string?)a.GetTagItem("url.full"))?.StartsWith(Server.BaseUri.AbsoluteUri, StringComparison.Ordinal) == true);
        Assert.Equal(2, activity.GetTagItem("multimodal_search.gemini.attempts"));
        Assert.Single(activity.Events, e => e.Name == "gemini.retry");
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    private async Task CancelOnceTheServerHasTheRequestAsync(Task call, CancellationTokenSource cts)
    {
        while (Server.Requests.Count == 0 && !call.IsCompleted)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
