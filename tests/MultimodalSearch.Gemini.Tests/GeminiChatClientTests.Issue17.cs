using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>Agreement with Google's API and SDKs: stream failures, signatures, thinking, metadata, limits.</summary>
public abstract partial class GeminiChatClientTests
{
    [Fact]
    public async Task Error_body_after_finished_events_fails_the_stream_with_googles_status()
    {
        // As in Google's recording streaming-failure-error-mid-stream: two STOP events, then a bare error body.
        Server.Reply(RawStream(
            "data: " + GeminiResponses.Text("First ") + "\r\n\r\n" +
            "data: " + GeminiResponses.Text("Second ") + "\r\n\r\n" +
            "{\n  \"error\": {\n    \"code\": 499,\n    \"message\": \"The operation was cancelled.\",\n    \"status\": \"CANCELLED\"\n  }\n}\n"));
        var client = CreateClient();
        var updates = new List<ChatResponseUpdate>();

        var error = await Assert.ThrowsAsync<GeminiException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi"))
            {
                updates.Add(update);
            }
        });

        Assert.Equal((HttpStatusCode)499, error.StatusCode);
        Assert.Equal("CANCELLED", error.Status);
        Assert.Contains("The operation was cancelled.", error.Message, StringComparison.Ordinal);
        Assert.Equal("First Second ", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Text_that_is_no_event_fails_the_stream()
    {
        Server.Reply(RawStream("data: " + GeminiResponses.Text("Hi") + "\n\n<html>proxy error</html>\n"));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(async () => await client.GetStreamingResponseAsync("Hi").ToListAsync());

        Assert.Null(error.StatusCode);
        Assert.Contains("not a Server-Sent Event: <html>proxy error</html>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamed_text_signature_survives_aggregation_and_goes_back_on_its_text_part()
    {
        Server.Reply(
            Replies.Sse("\n\n",
                GeminiResponses.Text("Navy ", finishReason: null),
                GeminiResponses.Parts([new JsonObject { ["text"] = "and grey.", ["thoughtSignature"] = "c2lnLTE=" }], finishReason: null),
                GeminiResponses.Text(string.Empty, finishReason: "STOP")),
            Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();
        List<ChatMessage> conversation = [new(ChatRole.User, "What goes with navy?")];

        var response = (await client.GetStreamingResponseAsync(conversation).ToListAsync()).ToChatResponse();
        conversation.AddRange(response.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, "And shoes?"));
        await client.GetResponseAsync(conversation);

        Assert.Equal("Navy and grey.", response.Text);
        var model = Node(Server.Requests[1].Json["contents"]![1]);
        Assert.Equal("model", (string?)model["role"]);
        var part = Assert.Single(model["parts"]!.AsArray());
        Assert.Equal("Navy and grey.", (string?)part!["text"]);
        Assert.Equal("c2lnLTE=", (string?)part["thoughtSignature"]);
    }

    [Fact]
    public async Task Reasoning_options_become_a_thinking_config_for_the_backend()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        await client.GetResponseAsync("Hi", new ChatOptions
        {
            ModelId = "gemini-3.5-flash",
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.Summary },
        });

        var thinking = Node(Assert.Single(Server.Requests).Json["generationConfig"]!["thinkingConfig"]).AsObject();
        Assert.True((bool)thinking["includeThoughts"]!);
        if (HasThinkingLevel)
        {
            Assert.Equal("LOW", (string?)thinking["thinkingLevel"]);
            Assert.False(thinking.ContainsKey("thinkingBudget"));
        }
        else
        {
            Assert.Equal(1024, (int)thinking["thinkingBudget"]!);
            Assert.False(thinking.ContainsKey("thinkingLevel"));
        }
    }

    [Fact]
    public async Task Raw_representation_factory_body_wins_and_the_mapped_request_fills_in_the_rest()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();
        var raw = new JsonObject
        {
            ["generationConfig"] = new JsonObject { ["temperature"] = 0.9, ["thinkingConfig"] = new JsonObject { ["thinkingLevel"] = "HIGH" } },
            ["tools"] = new JsonArray(new JsonObject { ["googleSearch"] = new JsonObject() }),
        };

        await client.GetResponseAsync("Hi", new ChatOptions { Temperature = 0.1f, TopK = 5, RawRepresentationFactory = _ => raw });

        var json = Assert.Single(Server.Requests).Json;
        Assert.Equal(0.9, (double)json["generationConfig"]!["temperature"]!);
        Assert.Equal(5, (int)json["generationConfig"]!["topK"]!);
        Assert.Equal("HIGH", (string?)json["generationConfig"]!["thinkingConfig"]!["thinkingLevel"]);
        Assert.NotNull(json["tools"]![0]!["googleSearch"]);
        Assert.Equal("Hi", (string?)json["contents"]![0]!["parts"]![0]!["text"]);
        Assert.Null(raw["contents"]);
    }

    [Fact]
    public async Task Raw_representation_factory_returning_another_type_is_refused()
    {
        var client = CreateClient();

        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("Hi", new ChatOptions { RawRepresentationFactory = _ => "not a body" }));
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Function_description_is_always_sent_where_the_api_requires_it()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();
        var tool = AIFunctionFactory.Create(() => 1, "count_items", description: null);

        await client.GetResponseAsync("Hi", new ChatOptions { Tools = [tool] });

        var declaration = Node(Assert.Single(Server.Requests).Json["tools"]![0]!["functionDeclarations"]![0]).AsObject();
        Assert.Equal(!IsVertexAi, declaration.ContainsKey("description"));
    }

    [Fact]
    public async Task Inline_data_over_the_limit_is_refused_before_sending()
    {
        var client = CreateClient(o => o.MaxInlineDataBytes = 1000);
        var photo = new DataContent(new byte[1500], "image/jpeg");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, [new TextContent("What is this?"), photo])]));

        Assert.Equal("messages", error.ParamName);
        Assert.Contains("UriContent", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData("MODEL_ARMOR", "ContentFilter")]
    [InlineData("IMAGE_SAFETY", "ContentFilter")]
    [InlineData("IMAGE_PROHIBITED_CONTENT", "ContentFilter")]
    [InlineData("IMAGE_RECITATION", "ContentFilter")]
    [InlineData("IMAGE_OTHER", "IMAGE_OTHER")]
    [InlineData("NO_IMAGE", "NO_IMAGE")]
    public async Task Documented_filter_reasons_are_content_filter_others_pass_through(string reason, string expected)
    {
        Server.Reply(Replies.Json(GeminiResponses.Parts([], finishReason: reason)));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal(expected == "ContentFilter" ? ChatFinishReason.ContentFilter : new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public async Task Empty_candidate_without_a_reason_fails_unary_as_it_fails_streamed()
    {
        const string empty = """{"candidates":[{"content":{},"index":0}]}""";
        Server.Reply(Replies.Json(empty), Replies.Sse("\n\n", empty));
        var client = CreateClient();

        var unary = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));
        var streamed = await Assert.ThrowsAsync<GeminiException>(async () => await client.GetStreamingResponseAsync("Hi").ToListAsync());

        Assert.True(unary.IsTransient);
        Assert.True(streamed.IsTransient);
    }

    [Fact]
    public async Task Tool_use_prompt_tokens_count_as_input_so_input_and_output_add_up_to_the_total()
    {
        var usage = new JsonObject
        {
            ["promptTokenCount"] = 100, ["toolUsePromptTokenCount"] = 40, ["candidatesTokenCount"] = 10, ["thoughtsTokenCount"] = 5, ["totalTokenCount"] = 155,
        };
        Server.Reply(Replies.Json(GeminiResponses.Text("ok", usage: usage)));
        var client = CreateClient();

        var details = (await client.GetResponseAsync("Hi")).Usage!;

        Assert.Equal(140, details.InputTokenCount);
        Assert.Equal(15, details.OutputTokenCount);
        Assert.Equal(details.TotalTokenCount, details.InputTokenCount + details.OutputTokenCount);
        Assert.Equal(40, details.AdditionalCounts!["toolUsePromptTokenCount"]);
    }

    [Fact]
    public async Task Unknown_fields_stay_reachable_through_the_raw_json()
    {
        Server.Reply(Replies.Json("""{"candidates":[{"content":{"role":"model","parts":[{"text":"ok","futurePartField":1}]},"finishReason":"STOP","futureCandidateField":"c"}],"futureField":{"x":2}}"""));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal(2, Assert.IsType<JsonElement>(response.RawRepresentation).GetProperty("futureField").GetProperty("x").GetInt32());
        Assert.Equal("c", Assert.IsType<JsonElement>(response.Messages[0].RawRepresentation).GetProperty("futureCandidateField").GetString());
        Assert.Equal(1, Assert.IsType<JsonElement>(response.Messages[0].Contents[0].RawRepresentation).GetProperty("futurePartField").GetInt32());
    }

    [Fact]
    public async Task Citations_become_annotations_with_character_regions_and_the_finish_message_is_kept()
    {
        // "é" is two UTF-8 bytes: Google's byte offsets 0..10 cover the 9 characters "Café noir".
        Server.Reply(Replies.Json("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Café noir is dark."}]},"finishReason":"OTHER","finishMessage":"Stopped early.",
              "citationMetadata":{"citationSources":[{"startIndex":0,"endIndex":10,"uri":"https://example.com/cafe","license":"CC-BY"}]}}]}
            """));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Hi");

        var text = Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(text.Annotations!));
        Assert.Equal(new Uri("https://example.com/cafe"), citation.Url);
        Assert.Equal("CC-BY", citation.AdditionalProperties!["license"]);
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal("Café noir", text.Text[region.StartIndex!.Value..region.EndIndex!.Value]);
        Assert.Equal(new ChatFinishReason("OTHER"), response.FinishReason);
        Assert.Equal("Stopped early.", response.Messages[0].AdditionalProperties!["finishMessage"]);
    }

    [Fact]
    public async Task Code_execution_parts_become_code_interpreter_contents_and_go_back_unchanged()
    {
        Server.Reply(
            Replies.Json(GeminiResponses.Parts(
            [
                new JsonObject { ["executableCode"] = new JsonObject { ["language"] = "PYTHON", ["code"] = "print(1+1)" } },
                new JsonObject { ["codeExecutionResult"] = new JsonObject { ["outcome"] = "OUTCOME_OK", ["output"] = "2\n" } },
                new JsonObject { ["text"] = "It is 2." },
            ])),
            Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();
        List<ChatMessage> conversation = [new(ChatRole.User, "1+1?")];

        var response = await client.GetResponseAsync(conversation);
        conversation.AddRange(response.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, "Thanks"));
        await client.GetResponseAsync(conversation);

        var call = Assert.Single(response.Messages[0].Contents.OfType<CodeInterpreterToolCallContent>());
        var result = Assert.Single(response.Messages[0].Contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal("print(1+1)", Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(call.Inputs!)).Data.Span));
        Assert.Equal("2\n", Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text);
        var parts = Server.Requests[1].Json["contents"]![1]!["parts"]!.AsArray();
        Assert.Equal("print(1+1)", (string?)parts[0]!["executableCode"]!["code"]);
        Assert.Equal("PYTHON", (string?)parts[0]!["executableCode"]!["language"]);
        Assert.Equal("OUTCOME_OK", (string?)parts[1]!["codeExecutionResult"]!["outcome"]);
        Assert.Equal("2\n", (string?)parts[1]!["codeExecutionResult"]!["output"]);
    }

    private static Func<HttpContext, Task> RawStream(string body) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    };
}
