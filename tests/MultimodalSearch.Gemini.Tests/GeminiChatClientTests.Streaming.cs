using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>Streaming over Server-Sent Events.</summary>
public abstract partial class GeminiChatClientTests
{
    private static readonly string[] ThreeChunks =
    [
        GeminiResponses.Text("Navy ", finishReason: null, usage: GeminiResponses.Usage(10, 1), responseId: "s-1"),
        GeminiResponses.Text("goes with ", finishReason: null, usage: GeminiResponses.Usage(10, 3), responseId: "s-1"),
        GeminiResponses.Text("grey.", finishReason: "STOP", usage: GeminiResponses.Usage(10, 5, thoughts: 4), responseId: "s-1"),
    ];

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\r\n\r\n")]
    public async Task Streaming_yields_each_chunk_in_order_and_usage_once_with_either_line_separator(string separator)
    {
        Server.Reply(Replies.Sse(separator, ThreeChunks));
        var client = CreateClient();

        var updates = await client.GetStreamingResponseAsync("What goes with navy?").ToListAsync();

        var request = Assert.Single(Server.Requests);
        Assert.Equal(ExpectedPath(Model, streaming: true), request.Path);
        Assert.Equal("?alt=sse", request.Query);
        AssertAuthenticated(request);
        Assert.Equal(["Navy ", "goes with ", "grey."], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Equal(ChatFinishReason.Stop, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(10, usage.InputTokenCount);
        Assert.Equal(5 + 4, usage.OutputTokenCount);
        Assert.Equal(4, usage.ReasoningTokenCount);
        Assert.Equal(19, usage.TotalTokenCount);
        var response = updates.ToChatResponse();
        Assert.Equal("Navy goes with grey.", response.Text);
        Assert.Equal("s-1", response.ResponseId);
    }

    [Fact]
    public async Task Streaming_function_call_ends_with_the_tool_calls_finish_reason_and_keeps_the_signature()
    {
        Server.Reply(Replies.Sse("\n\n",
            GeminiResponses.Parts(
            [
                new JsonObject
                {
                    ["functionCall"] = new JsonObject { ["name"] = "find_products", ["args"] = new JsonObject { ["category"] = "pants" } },
                    ["thoughtSignature"] = "c2ln",
                },
            ], finishReason: null),
            GeminiResponses.Text(string.Empty, finishReason: "STOP", usage: GeminiResponses.Usage(5, 2))));
        var client = CreateClient();

        var updates = await client.GetStreamingResponseAsync("Find pants.").ToListAsync();

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("find_products", call.Name);
        Assert.Equal("c2ln", call.AdditionalProperties!["thoughtSignature"]);
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Last(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task Error_event_after_http_200_ends_the_stream_with_googles_error_and_is_not_retried()
    {
        Server.Reply(
            Replies.Sse("\n\n", GeminiResponses.Text("Partial ", finishReason: null), Replies.ErrorJson(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")),
            Replies.Sse("\n\n", ThreeChunks));
        var client = CreateClient();
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<GeminiException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["Partial "], received);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("UNAVAILABLE", error.Status);
        Assert.Contains("The model is overloaded", error.Message);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Stream_is_retried_when_it_fails_before_the_response_starts()
    {
        Server.Reply(Replies.Error(503, "UNAVAILABLE", "Try again."), Replies.Sse("\n\n", ThreeChunks));
        var client = CreateClient();

        var updates = await client.GetStreamingResponseAsync("Hi").ToListAsync();

        Assert.Equal("Navy goes with grey.", updates.ToChatResponse().Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Blocked_prompt_in_a_stream_throws_the_blocked_prompt_exception()
    {
        Server.Reply(Replies.Sse("\n\n", GeminiResponses.BlockedPrompt("PROHIBITED_CONTENT")));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiPromptBlockedException>(() => client.GetStreamingResponseAsync("Hi").ToListAsync().AsTask());

        Assert.Equal("PROHIBITED_CONTENT", error.BlockReason);
    }

    [Fact]
    public async Task Stream_that_ends_without_a_finish_reason_is_reported_as_incomplete()
    {
        Server.Reply(Replies.Sse("\n\n", GeminiResponses.Text("Navy ", finishReason: null)));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetStreamingResponseAsync("Hi").ToListAsync().AsTask());

        Assert.Contains("without a finish reason", error.Message);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_the_enumeration_and_closes_the_connection()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Reply(Replies.SseThenHold(clientGone, GeminiResponses.Text("Navy ", finishReason: null)));
        var client = CreateClient();
        using var cts = new CancellationTokenSource();
        await using var updates = client.GetStreamingResponseAsync("Hi", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("Navy ", updates.Current.Text);
        var next = updates.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await updates.DisposeAsync();

        // The server sees the request aborted; the wait is a safety net, not a timing assertion.
        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Stream_that_goes_silent_longer_than_the_request_timeout_fails_as_transient()
    {
        var clientGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Reply(Replies.SseThenHold(clientGone, GeminiResponses.Text("Navy ", finishReason: null)));
        var client = CreateClient(o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 0;
        });
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<GeminiException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["Navy "], received);
        Assert.True(error.IsTransient);
        Assert.IsType<TimeoutException>(error.InnerException);
        await clientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
