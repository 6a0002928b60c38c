using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>
/// Replays every response Google's own SDK tests replay, byte for byte, from the local server, through the
/// client of the backend that recorded it, and checks the result against what <see cref="RecordingOracle"/>
/// reads from the body.
/// </summary>
public sealed class RecordingReplayTests : IAsyncLifetime
{
    private FakeGeminiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void All_recordings_are_in_the_repository()
    {
        // 152 files from three Google repositories (see tests/data/gemini-recordings/README.md): 129 from the
        // Firebase SDK test data (36 Gemini API, 91 Vertex AI, 2 schemas), 22 from generative-ai-js, 1 from gemini-cli.
        Assert.Equal(152, GoogleRecordings.All.Count);
        Assert.Contains("firebase-vertexai-sdk-test-data/vertexai/streaming-failure-error-mid-stream.txt", GoogleRecordings.All);
    }

    [Theory]
    [MemberData(nameof(GoogleRecordings.Data), MemberType = typeof(GoogleRecordings))]
    public async Task Recorded_response_maps_to_what_its_body_says(string name)
    {
        foreach (var recording in RecordingOracle.Read(name, GoogleRecordings.Read(name)))
        {
            using var client = CreateClient(name);
            _server.Reply(Serve(recording));
            if (recording.Streaming)
            {
                await ReplayStreamAsync(client, recording);
            }
            else
            {
                await ReplayUnaryAsync(client, recording);
            }
        }
    }

    [Fact]
    public async Task Recorded_json_schema_is_sent_as_response_json_schema_unchanged()
    {
        using var schema = JsonDocument.Parse(GoogleRecordings.Read("firebase-vertexai-sdk-test-data/schema/json-schema.json"));
        _server.Reply(Replies.Json(GeminiResponses.Text("{}")));
        using var client = CreateClient("googleai");

        await client.GetResponseAsync("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "test") });

        var sent = JsonSerializer.SerializeToElement(Assert.Single(_server.Requests).Json["generationConfig"]!["responseJsonSchema"]);
        Assert.True(JsonElement.DeepEquals(schema.RootElement, sent));
    }

    private static async Task ReplayUnaryAsync(GeminiChatClient client, RecordingCase recording)
    {
        var expected = recording.Expected;
        switch (expected.Outcome)
        {
            case Outcome.PromptBlocked:
                var blocked = await Assert.ThrowsAsync<GeminiPromptBlockedException>(() => client.GetResponseAsync("Hi"));
                Assert.Equal(expected.BlockReason, blocked.BlockReason);
                return;
            case Outcome.Fails:
                var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
                Assert.IsNotType<GeminiPromptBlockedException>(error);
                AssertError(recording, error);
                return;
        }

        var response = await client.GetResponseAsync("Hi");

        AssertAnswer(expected, response);
        Assert.Equal(expected.ResponseId, response.ResponseId);
        using var body = JsonDocument.Parse(recording.Body);
        Assert.True(JsonElement.DeepEquals(body.RootElement, Assert.IsType<JsonElement>(response.RawRepresentation)));
    }

    private static async Task ReplayStreamAsync(GeminiChatClient client, RecordingCase recording)
    {
        var expected = recording.Expected;
        var updates = new List<ChatResponseUpdate>();
        Exception? failure = null;
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi"))
            {
                updates.Add(update);
            }
        }
        catch (GeminiException ex)
        {
            failure = ex;
        }

        switch (expected.Outcome)
        {
            case Outcome.PromptBlocked:
                Assert.True(failure is GeminiPromptBlockedException, failure?.ToString() ?? "no exception");
                Assert.Equal(expected.BlockReason, ((GeminiPromptBlockedException)failure!).BlockReason);
                return;
            case Outcome.Fails or Outcome.FailsAfterUpdates:
                var error = Assert.IsType<GeminiException>(failure, exactMatch: false);
                Assert.IsNotType<GeminiPromptBlockedException>(error);
                AssertError(recording, error);
                if (expected.Outcome == Outcome.FailsAfterUpdates)
                {
                    // What arrived before the failure stays with the caller.
                    Assert.Equal(expected.Text, updates.ToChatResponse().Text);
                }

                return;
        }

        Assert.True(failure is null, failure?.ToString());
        AssertAnswer(expected, updates.ToChatResponse());
    }

    private static void AssertError(RecordingCase recording, GeminiException error)
    {
        if (recording.ExpectedStatus is { } status)
        {
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
        }

        if (recording.ExpectedGoogleStatus is { } googleStatus)
        {
            Assert.Equal(googleStatus, error.Status);
        }

        Assert.Equal(recording.RetryAfter, error.RetryAfter);
    }

    // Checked on the aggregated response, so what is asserted is what survives ToChatResponse() too.
    private static void AssertAnswer(ExpectedAnswer expected, ChatResponse response)
    {
        var message = Assert.Single(response.Messages);
        var contents = message.Contents;
        Assert.Equal(expected.Text, response.Text);
        Assert.Equal(expected.Reasoning, string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(expected.FinishReason, response.FinishReason);
        Assert.Equal(expected.ModelId, response.ModelId);
        Assert.Equal(
            expected.FunctionCalls.Select(c => (c.Name, Canonical(c.Args))),
            contents.OfType<FunctionCallContent>().Select(c => (c.Name, Canonical(c.Arguments is null ? "null" : JsonSerializer.Serialize(c.Arguments, AIJsonUtilities.DefaultOptions)))));

        // Every signature Gemini sent must go back with the history (on its content, or as reasoning's ProtectedData).
        var signatures = contents
            .Select(c => c is TextReasoningContent { ProtectedData: { } data } ? data : c.AdditionalProperties?.GetValueOrDefault("thoughtSignature") as string)
            .OfType<string>();
        Assert.Equal(expected.ThoughtSignatures, signatures);
        Assert.Equal(expected.Code, contents.OfType<CodeInterpreterToolCallContent>().Select(c => Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(c.Inputs!)).Data.Span)));
        Assert.Equal(expected.CodeOutputs, contents.OfType<CodeInterpreterToolResultContent>().Select(c => string.Concat(c.Outputs!.OfType<TextContent>().Select(t => t.Text))));
        Assert.Equal(expected.InlineData.Select(Convert.ToBase64String), contents.OfType<DataContent>().Select(d => Convert.ToBase64String(d.Data.Span)));
        Assert.Equal(
            expected.CitationUrls,
            contents.SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>().Select(a => a.Url?.OriginalString ?? string.Empty));
        Assert.Equal(expected.FinishMessage, message.AdditionalProperties?.GetValueOrDefault("finishMessage") as string);
        Assert.Equal(expected.HasGroundingMetadata, message.AdditionalProperties?.ContainsKey("groundingMetadata") == true);
        Assert.Equal(expected.HasUrlContextMetadata, message.AdditionalProperties?.ContainsKey("urlContextMetadata") == true);
        if (expected.Usage is { } usage)
        {
            var actual = Assert.IsType<UsageDetails>(response.Usage);
            Assert.Equal(usage.InputTokenCount, actual.InputTokenCount);
            Assert.Equal(usage.OutputTokenCount, actual.OutputTokenCount);
            Assert.Equal(usage.TotalTokenCount, actual.TotalTokenCount);
            Assert.Equal(usage.ReasoningTokenCount, actual.ReasoningTokenCount);
            Assert.Equal(usage.CachedInputTokenCount, actual.CachedInputTokenCount);
        }
        else
        {
            Assert.Null(response.Usage);
        }
    }

    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static Func<HttpContext, Task> Serve(RecordingCase recording) => async context =>
    {
        context.Response.StatusCode = recording.HttpStatus;
        context.Response.ContentType = recording.ContentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(recording.Body), context.RequestAborted);
    };

    private GeminiChatClient CreateClient(string name)
    {
        GeminiClientOptions options = GoogleRecordings.IsVertexAi(name)
            ? new() { Project = "recordings", Location = "us-central1" }
            : new() { ApiKey = "recordings-key" };
        options.Endpoint = _server.BaseUri;
        options.MaxRetries = 0;
        options.CircuitBreakDuration = TimeSpan.Zero;
        return new GeminiChatClient(options, accessTokenSource: GoogleRecordings.IsVertexAi(name) ? new SequenceAccessTokenSource() : null);
    }
}
