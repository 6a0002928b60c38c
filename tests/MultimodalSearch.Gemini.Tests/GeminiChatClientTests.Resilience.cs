using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Http;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>The retry budget and the circuit breaker: an unreachable Gemini must not hold the caller.</summary>
public abstract partial class GeminiChatClientTests
{
    [Fact]
    public async Task A_retry_whose_wait_would_end_after_the_budget_is_not_made_and_the_delay_is_reported()
    {
        Server.Reply(Replies.Error(503, "UNAVAILABLE", "The model is overloaded.", retryDelay: "2s"), Replies.Json(GeminiResponses.Text("must not be reached")));
        var client = CreateClient(o => o.RetryBudget = TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Single(Server.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_retry_within_the_budget_waits_googles_delay()
    {
        Server.Reply(Replies.Error(429, "RESOURCE_EXHAUSTED", "Slow down.", retryDelay: "0.3s"), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.RetryBudget = TimeSpan.FromSeconds(1));

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.True(Between(Server.Requests[0], Server.Requests[1]) >= TimeSpan.FromMilliseconds(295));
    }

    [Fact]
    public async Task Two_attempts_without_an_answer_open_the_circuit_and_the_next_call_fails_at_once_without_a_request()
    {
        Server.Reply(Replies.Abort(), Replies.Abort(), Replies.Json(GeminiResponses.Text("must not be reached")));
        var client = CreateClient(o => o.MaxRetries = 3);

        var first = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var watch = Stopwatch.StartNew();
        var second = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        // The first call stops retrying once the circuit opens, although two retries were left.
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(2, first.Attempts);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"took {watch.Elapsed}");
        Assert.True(second.IsTransient);
        Assert.Equal(0, second.Attempts);
        Assert.Contains("unreachable", second.Message, StringComparison.Ordinal);
        Assert.NotNull(second.RetryAfter);
        Assert.Contains(Logs.Lines, line => line.StartsWith("Warning #1704 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Busy_answers_do_not_open_the_circuit()
    {
        var busy = Replies.Error(503, "UNAVAILABLE", "The model is overloaded.");
        Server.Reply(busy, busy, Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task After_the_break_one_trial_call_goes_through_and_closes_the_circuit()
    {
        Server.Reply(Replies.Abort(), Replies.Abort(), Replies.Json(GeminiResponses.Text("back")), Replies.Json(GeminiResponses.Text("still back")));
        var client = CreateClient(o => o.CircuitBreakDuration = TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var trial = await client.GetResponseAsync("Hi");
        var next = await client.GetResponseAsync("Hi");

        Assert.Equal("back", trial.Text);
        Assert.Equal("still back", next.Text);
        Assert.Equal(4, Server.Requests.Count);
    }

    [Fact]
    public async Task Without_the_circuit_breaker_every_call_tries_again()
    {
        Server.Reply(Replies.Abort(), Replies.Abort(), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o =>
        {
            o.CircuitBreakDuration = TimeSpan.Zero;
            o.MaxRetries = 0;
        });

        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_log_line_says_what_went_wrong_never_null(bool answered)
    {
        Server.Reply(answered ? Replies.Error(503, "UNAVAILABLE", "overloaded", "0.05s") : Replies.Abort(), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.MaxRetries = 2);

        Assert.Equal("ok", (await client.GetResponseAsync("Hi")).Text);

        var retry = Assert.Single(Logs.Lines, line => line.StartsWith("Warning #1702 ", StringComparison.Ordinal));
        Assert.DoesNotContain("null", retry, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(answered ? "(HTTP 503 UNAVAILABLE)" : "(no answer: ", retry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_fails_within_the_budget_and_then_at_once()
    {
        // A port that was just free: nothing listens, so connections are refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = CreateOptions(new Uri($"http://127.0.0.1:{port}"));
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        using var client = new GeminiChatClient(options, accessTokenSource: CreateTokenSource());
        var watch = Stopwatch.StartNew();

        var first = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var firstTook = watch.Elapsed;
        var second = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.IsType<HttpRequestException>(first.InnerException);
        Assert.True(firstTook < options.RetryBudget, $"took {firstTook}");
        Assert.Contains("unreachable", second.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed - firstTook < TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Streams_share_the_circuit()
    {
        Server.Reply(Replies.Abort(), Replies.Abort());
        var client = CreateClient();
        await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        var error = await Assert.ThrowsAsync<GeminiException>(async () => await client.GetStreamingResponseAsync("Hi").ToListAsync());

        Assert.Equal(2, Server.Requests.Count);
        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_created_handler_applies_the_connect_timeout()
    {
        var options = CreateOptions(new Uri("https://example.com"));
        options.ConnectTimeout = TimeSpan.FromMilliseconds(1234);

        using var handler = GeminiHttpHandler.Create(options);

        Assert.Equal(TimeSpan.FromMilliseconds(1234), handler.ConnectTimeout);
    }
}
