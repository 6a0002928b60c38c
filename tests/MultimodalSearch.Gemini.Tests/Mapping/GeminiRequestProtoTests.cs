using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.Mapping;

/// <summary>
/// Every field of a request that uses every mapped feature, checked against the fields Google's protos define
/// for the API surface it goes to: a field the surface does not have is a 400 "Unknown name" from Google.
/// </summary>
public sealed class GeminiRequestProtoTests : IAsyncLifetime
{
    private FakeGeminiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(GeminiProtoFields.GeminiV1Beta, null, "gemini-3.5-flash")]
    [InlineData(GeminiProtoFields.GeminiV1Beta, null, "gemini-2.5-flash")]
    [InlineData(GeminiProtoFields.VertexV1Beta1, null, "gemini-3.5-flash")]
    [InlineData(GeminiProtoFields.VertexV1, "v1", "gemini-3.5-flash")]
    [InlineData(GeminiProtoFields.VertexV1, "v1", "gemini-2.5-flash")]
    public async Task Every_request_field_exists_in_the_protos_of_its_api_surface(string surface, string? apiVersion, string model)
    {
        _server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        GeminiClientOptions options = surface == GeminiProtoFields.GeminiV1Beta
            ? new() { ApiKey = "key" }
            : new() { Project = "p", Location = "us-central1", ApiVersion = apiVersion };
        options.Endpoint = _server.BaseUri;
        options.Model = model;
        options.SafetySettings.Add(new GeminiSafetySetting { Category = "HARM_CATEGORY_HARASSMENT", Threshold = "BLOCK_ONLY_HIGH" });
        using var client = new GeminiChatClient(options, accessTokenSource: surface == GeminiProtoFields.GeminiV1Beta ? null : new SequenceAccessTokenSource());

        await client.GetResponseAsync(EveryContent(), EveryOption());

        var request = Assert.Single(_server.Requests).Json.AsObject();
        var seen = new HashSet<string>();
        Check(surface, "GenerateContentRequest", request, "$", seen);

        // The request really carries what is checked (so the test cannot pass on an empty body).
        Assert.Superset(
            new HashSet<string> { "Part.thoughtSignature", "Part.functionCall", "Part.functionResponse", "Part.inlineData", "Part.fileData", "Part.executableCode", "GenerationConfig.thinkingConfig", "FunctionDeclaration.parametersJsonSchema", "GenerationConfig.responseJsonSchema", "SafetySetting.threshold" },
            seen);
    }

    private static void Check(string surface, string message, JsonObject json, string path, HashSet<string> seen)
    {
        var allowed = GeminiProtoFields.Of(surface, message);
        foreach (var (name, value) in json)
        {
            Assert.True(allowed.Contains(name), $"{path}.{name}: {message} on {surface} has no field '{name}'.");
            seen.Add($"{message}.{name}");
            if (!GeminiProtoFields.Children.TryGetValue((message, name), out var child))
            {
                continue;
            }

            var items = value is JsonArray array ? array.Select(n => n!.AsObject()) : [value!.AsObject()];
            var i = 0;
            foreach (var item in items)
            {
                Check(surface, child, item, $"{path}.{name}[{i++}]", seen);
            }
        }
    }

    private static ChatMessage[] EveryContent() =>
    [
        new(ChatRole.System, "You are a stylist."),
        new(ChatRole.User, [new TextContent("What goes with this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg"), new UriContent(new Uri("gs://bucket/look.jpg"), "image/jpeg")]),
        new(ChatRole.Assistant,
        [
            new TextReasoningContent("Thinking about colours.") { ProtectedData = "c2ln" },
            new CodeInterpreterToolCallContent("code-1") { Inputs = [new DataContent("print(1)"u8.ToArray(), "text/x-python")] },
            new CodeInterpreterToolResultContent("code-1") { Outputs = [new TextContent("1")] },
            new FunctionCallContent("call-1", "find_products", new Dictionary<string, object?> { ["category"] = "jacket" }) { AdditionalProperties = new() { ["thoughtSignature"] = "c2lnMg==" } },
        ]),
        new(ChatRole.Tool, [new FunctionResultContent("call-1", new Dictionary<string, object?> { ["found"] = 2 })]),
    ];

    private static ChatOptions EveryOption() => new()
    {
        Instructions = "Be brief.",
        Temperature = 0.2f,
        TopP = 0.9f,
        TopK = 20,
        MaxOutputTokens = 200,
        StopSequences = ["END"],
        Seed = 7,
        PresencePenalty = 0.1f,
        FrequencyPenalty = 0.1f,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonNodeSchema(), "advice"),
        Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium, Output = ReasoningOutput.Summary },
        Tools = [AIFunctionFactory.Create((string category) => 2, "find_products", "Finds products.")],
        ToolMode = ChatToolMode.RequireSpecific("find_products"),
    };

    private static System.Text.Json.JsonElement JsonNodeSchema() =>
        System.Text.Json.JsonDocument.Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"answer":{"type":"string"}}}""").RootElement.Clone();
}
