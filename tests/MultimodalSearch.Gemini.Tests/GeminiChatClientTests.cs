using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MultimodalSearch.Gemini.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>
/// The behaviour suite of <see cref="GeminiChatClient"/> against a real HTTP server on 127.0.0.1 that checks
/// the JSON the client sends and answers in Gemini's wire format. One subclass per backend supplies the
/// URL and authentication shape; every scenario runs against both.
/// </summary>
public abstract partial class GeminiChatClientTests : IAsyncLifetime
{
    protected const string Model = "gemini-test-model";

    private readonly List<IDisposable> _disposables = [];

    protected FakeGeminiServer Server { get; private set; } = null!;

    protected CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Gets the secret this backend sends (API key or access token), which must never leak.</summary>
    protected abstract string Secret { get; }

    /// <summary>Gets the expected <c>gen_ai.provider.name</c>.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Gets a value indicating whether this backend's API version has function-call ids (Vertex AI v1 has none).</summary>
    protected virtual bool HasFunctionCallIds => true;

    /// <summary>Gets a value indicating whether this backend's API version has <c>thinkingConfig.thinkingLevel</c> (Vertex AI v1 only).</summary>
    protected virtual bool HasThinkingLevel => false;

    /// <summary>Gets a value indicating whether the suite runs against Vertex AI.</summary>
    protected virtual bool IsVertexAi => false;

    public async Task InitializeAsync() => Server = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Server.DisposeAsync();
    }

    /// <summary>Options for this backend, pointed at <paramref name="endpoint"/>.</summary>
    protected abstract GeminiClientOptions CreateOptions(Uri endpoint);

    /// <summary>The token source this backend uses, or null.</summary>
    protected abstract IGeminiAccessTokenSource? CreateTokenSource();

    /// <summary>The request path for <paramref name="model"/> on this backend.</summary>
    protected abstract string ExpectedPath(string model, bool streaming);

    /// <summary>Asserts the request carries this backend's credentials (and only those).</summary>
    protected abstract void AssertAuthenticated(RecordedRequest request);

    protected GeminiChatClient CreateClient(Action<GeminiClientOptions>? configure = null, IGeminiAccessTokenSource? tokenSource = null)
    {
        var options = CreateOptions(Server.BaseUri);
        options.Model = Model;

        // Short backoff so tests that check Google's retryDelay can tell it apart from the default backoff.
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        configure?.Invoke(options);
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        var client = new GeminiChatClient(options, httpClient: null, tokenSource ?? CreateTokenSource(), loggerFactory.CreateLogger<GeminiChatClient>());
        _disposables.Add(loggerFactory);
        _disposables.Add(client);
        return client;
    }

    protected static JsonNode Node(JsonNode? node) => node ?? throw new Xunit.Sdk.XunitException("Expected a JSON value, found none.");

    protected static TimeSpan Between(RecordedRequest first, RecordedRequest second) =>
        Stopwatch.GetElapsedTime(first.Timestamp, second.Timestamp);

    [Fact]
    public async Task Plain_text_prompt_returns_the_model_text_with_usage_and_raw_representation()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("Pair the navy jacket with grey trousers.", usage: GeminiResponses.Usage(270, 8, thoughts: 30, cached: 100))));
        var client = CreateClient();

        var response = await client.GetResponseAsync("What goes with a navy jacket?");

        var request = Assert.Single(Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(ExpectedPath(Model, streaming: false), request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.StartsWith("application/json", request.Header("content-type"));
        AssertAuthenticated(request);
        var content = Assert.Single(Node(request.Json["contents"]).AsArray());
        Assert.Equal("user", (string?)content!["role"]);
        Assert.Equal("What goes with a navy jacket?", (string?)content["parts"]![0]!["text"]);
        Assert.Null(request.Json["systemInstruction"]);
        Assert.Null(request.Json["generationConfig"]);

        Assert.Equal("Pair the navy jacket with grey trousers.", response.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("resp-1", response.ResponseId);
        Assert.Equal(GeminiResponses.ModelVersion, response.ModelId);
        Assert.NotNull(response.RawRepresentation);
        Assert.NotNull(response.Usage);
        Assert.Equal(270, response.Usage.InputTokenCount);
        Assert.Equal(8 + 30, response.Usage.OutputTokenCount);
        Assert.Equal(30, response.Usage.ReasoningTokenCount);
        Assert.Equal(100, response.Usage.CachedInputTokenCount);
        Assert.Equal(308, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task System_messages_and_instructions_become_the_system_instruction_and_turns_alternate()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();
        ChatMessage[] conversation =
        [
            new(ChatRole.System, "You are a stylist."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.Assistant, "Hello! What are you looking for?"),
            new(ChatRole.User, "A jacket."),
            new(ChatRole.User, "Blue, please."),
        ];

        await client.GetResponseAsync(conversation, new ChatOptions { Instructions = "Answer in one sentence." });

        var json = Assert.Single(Server.Requests).Json;
        var system = Node(json["systemInstruction"]);
        Assert.Null(system["role"]);
        Assert.Equal(["Answer in one sentence.", "You are a stylist."], system["parts"]!.AsArray().Select(p => (string?)p!["text"]));
        var contents = Node(json["contents"]).AsArray();
        Assert.Equal(["user", "model", "user"], contents.Select(c => (string?)c!["role"]));
        Assert.Equal(["A jacket.", "Blue, please."], contents[2]!["parts"]!.AsArray().Select(p => (string?)p!["text"]));
    }

    [Fact]
    public async Task Chat_options_map_to_generation_config_and_safety_settings()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.SafetySettings.Add(new GeminiSafetySetting { Category = "HARM_CATEGORY_HARASSMENT", Threshold = "BLOCK_ONLY_HIGH" }));
        var options = new ChatOptions
        {
            Temperature = 0.25f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 256,
            StopSequences = ["END"],
            Seed = 42,
            PresencePenalty = 0.5f,
            FrequencyPenalty = 0.75f,
        };

        await client.GetResponseAsync("Hi", options);
        options.AdditionalProperties = new() { ["safetySettings"] = new[] { new GeminiSafetySetting { Category = "HARM_CATEGORY_DANGEROUS_CONTENT", Threshold = "BLOCK_NONE" } } };
        await client.GetResponseAsync("Hi", options);

        var config = Node(Server.Requests[0].Json["generationConfig"]);
        Assert.Equal(0.25, (double)config["temperature"]!, 1e-6);
        Assert.Equal(0.9, (double)config["topP"]!, 1e-6);
        Assert.Equal(40, (int)config["topK"]!);
        Assert.Equal(256, (int)config["maxOutputTokens"]!);
        Assert.Equal(["END"], config["stopSequences"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(42, (int)config["seed"]!);
        Assert.Equal(0.5, (double)config["presencePenalty"]!, 1e-6);
        Assert.Equal(0.75, (double)config["frequencyPenalty"]!, 1e-6);
        Assert.Null(config["responseMimeType"]);
        var configured = Assert.Single(Node(Server.Requests[0].Json["safetySettings"]).AsArray());
        Assert.Equal("HARM_CATEGORY_HARASSMENT", (string?)configured!["category"]);
        Assert.Equal("BLOCK_ONLY_HIGH", (string?)configured["threshold"]);
        var perCall = Assert.Single(Node(Server.Requests[1].Json["safetySettings"]).AsArray());
        Assert.Equal("HARM_CATEGORY_DANGEROUS_CONTENT", (string?)perCall!["category"]);
        Assert.Equal("BLOCK_NONE", (string?)perCall["threshold"]);
    }

    public sealed record StyleAdvice(string Answer, int ItemCount, List<string> Colours);

    [Fact]
    public async Task Json_schema_output_is_requested_and_parsed_by_GetResponseAsync_of_T()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("""{"answer":"Wear the navy jacket.","itemCount":2,"colours":["navy","grey"]}""")));
        var client = CreateClient();

        var response = await client.GetResponseAsync<StyleAdvice>("Advise me.");

        Assert.True(response.TryGetResult(out var advice));
        Assert.Equal("Wear the navy jacket.", advice.Answer);
        Assert.Equal(2, advice.ItemCount);
        Assert.Equal(["navy", "grey"], advice.Colours);
        var config = Node(Assert.Single(Server.Requests).Json["generationConfig"]);
        Assert.Equal("application/json", (string?)config["responseMimeType"]);
        Assert.Null(config["responseSchema"]);
        var schema = Node(config["responseJsonSchema"]);
        Assert.Null(schema["$schema"]);
        Assert.Equal("string", (string?)schema["properties"]!["answer"]!["type"]);
        Assert.Equal("integer", (string?)schema["properties"]!["itemCount"]!["type"]);
    }

    [Fact]
    public async Task Top_level_dollar_schema_is_stripped_from_a_json_schema_response_format()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("""{"answer":"yes"}""")));
        var client = CreateClient();
        var schema = JsonElementOf("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"answer":{"type":"string","$schema":"kept-when-nested"}},"additionalProperties":false}""");

        await client.GetResponseAsync("Advise me.", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "advice") });

        var sent = Node(Assert.Single(Server.Requests).Json["generationConfig"]!["responseJsonSchema"]);
        Assert.Null(sent["$schema"]);
        Assert.False((bool)sent["additionalProperties"]!);
        Assert.Equal("kept-when-nested", (string?)sent["properties"]!["answer"]!["$schema"]);
    }

    [Fact]
    public async Task Image_goes_as_inline_data_and_a_uri_as_file_data()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("A navy jacket.")));
        var client = CreateClient();
        var imagePath = Path.Combine(TestPaths.DemoCatalog, "images", "jacket", "10181.jpg");
        var image = await File.ReadAllBytesAsync(imagePath);
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("What is this?"),
            new DataContent(image, "image/jpeg"),
            new UriContent(new Uri("gs://bucket/look.png"), "image/png"),
        ]);

        var response = await client.GetResponseAsync([message]);

        Assert.Equal("A navy jacket.", response.Text);
        var parts = Node(Assert.Single(Server.Requests).Json["contents"]![0]!["parts"]).AsArray();
        Assert.Equal(3, parts.Count);
        Assert.Equal("image/jpeg", (string?)parts[1]!["inlineData"]!["mimeType"]);
        Assert.Equal(image, Convert.FromBase64String((string)parts[1]!["inlineData"]!["data"]!));
        Assert.Equal("gs://bucket/look.png", (string?)parts[2]!["fileData"]!["fileUri"]);
        Assert.Equal("image/png", (string?)parts[2]!["fileData"]!["mimeType"]);
    }

    [Fact]
    public async Task Image_part_in_the_response_becomes_data_content()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        Server.Reply(Replies.Json(GeminiResponses.Parts(
        [
            new JsonObject { ["text"] = "Here is a sketch." },
            new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = Convert.ToBase64String(png) } },
        ])));
        var client = CreateClient();

        var response = await client.GetResponseAsync("Draw it.");

        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal("Here is a sketch.", Assert.IsType<TextContent>(contents[0]).Text);
        var data = Assert.IsType<DataContent>(contents[1]);
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal(png, data.Data.ToArray());
    }

    [Fact]
    public async Task Model_id_in_chat_options_overrides_the_configured_model()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        await client.GetResponseAsync("Hi", new ChatOptions { ModelId = "gemini-other" });

        Assert.Equal(ExpectedPath("gemini-other", streaming: false), Assert.Single(Server.Requests).Path);
    }

    [Fact]
    public void GetService_returns_metadata_and_the_client_but_nothing_for_keyed_requests()
    {
        var client = CreateClient();

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(ProviderName, metadata.ProviderName);
        Assert.Equal(Model, metadata.DefaultModelId);
        Assert.Equal(Server.BaseUri, metadata.ProviderUri);
        Assert.Same(client, client.GetService<GeminiChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>("some-key"));
        Assert.Null(client.GetService<HttpClient>());
    }

    private static System.Text.Json.JsonElement JsonElementOf(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
}
