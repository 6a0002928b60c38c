using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>The workflow with the real Gemini client (registered by <c>AddGemini()</c>) against a local Gemini server.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class GeminiWorkflowTests(DemoCatalogFixture demo) : IAsyncLifetime
{
    private const string Advice = """{"answer": "Two classic black tees."}""";
    private LocalGeminiServer _gemini = null!;

    public async Task InitializeAsync() => _gemini = await LocalGeminiServer.StartAsync();

    public async Task DisposeAsync() => await _gemini.DisposeAsync();

    [Fact]
    public async Task Valid_JSON_from_Gemini_is_used_and_the_stylist_sends_the_item_images()
    {
        _gemini.ReplyText("""{"categories": ["t-shirt"], "count": 2}""").ReplyText(Advice);

        var result = await AskAsync("show me two black t-shirts");

        Assert.Equal(ResultSource.Llm, result.ClassifiedBy);
        Assert.Equal(ResultSource.Llm, result.AdvisedBy);
        Assert.Equal("Two classic black tees.", result.Advice);
        Assert.All(result.Items, item => Assert.Equal("black", demo.Colour(item.Id)));

        var (path, classify) = _gemini.Requests[0];
        Assert.Equal("/v1beta/models/gemini-test:generateContent", path);
        Assert.Equal("application/json", classify["generationConfig"]?["responseMimeType"]?.GetValue<string>());
        var schema = classify["generationConfig"]?["responseJsonSchema"] ?? classify["generationConfig"]?["responseSchema"];
        Assert.Equal(["jacket", "jersey", "pants", "shirt", "shoes", "t-shirt"], schema?["properties"]?["categories"]?["items"]?["enum"]?.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Contains("show me two black t-shirts", classify.ToJsonString(), StringComparison.Ordinal);

        var sent = InlineImages(_gemini.Requests[1].Body);
        Assert.Equal(result.Items.Select(i => Convert.ToBase64String(File.ReadAllBytes(i.Image!))), sent.Select(p => p.Data));
        Assert.All(sent, part => Assert.Equal("image/jpeg", part.MimeType));
    }

    public static TheoryData<string, string> UnusableClassifications => new()
    {
        { """{"categories": ["t-shirt"], "count": 2""", "no JSON object" },
        { """{"categories": ["tuxedo", "kilt"], "count": 2}""", "no catalog category among [tuxedo, kilt]" },
        { """{"categories": ["t-shirt"], "count": -1}""", "count -1 outside 1..10" },
        { """{"categories": ["t-shirt"], "count": 100000}""", "count 100000 outside 1..10" },
    };

    [Theory]
    [MemberData(nameof(UnusableClassifications))]
    public async Task An_unusable_Gemini_classification_falls_back_to_the_offline_classifier(string reply, string reason)
    {
        _gemini.ReplyText(reply).ReplyText(Advice);

        var result = await AskAsync("show me two black t-shirts");

        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Contains(reason, result.ClassificationFallbackReason, StringComparison.Ordinal);
        Assert.Equal(["t-shirt"], result.Categories);
        Assert.Equal(2, result.Count);
        Assert.Equal(ResultSource.Llm, result.AdvisedBy);
    }

    [Fact]
    public async Task A_Gemini_error_falls_back_for_both_parts()
    {
        _gemini.ReplyError(400, "API key not valid.").ReplyError(400, "API key not valid.");

        var result = await AskAsync("I need a green jacket and brown shoes");

        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Equal(ResultSource.Offline, result.AdvisedBy);
        Assert.Contains("GeminiException", result.ClassificationFallbackReason, StringComparison.Ordinal);
        Assert.Contains("API key not valid", result.AdviceFallbackReason, StringComparison.Ordinal);
        Assert.Equal(["jacket", "shoes"], result.Categories);
        Assert.Equal(["green", "brown"], result.Items.Select(i => demo.Colour(i.Id)));
    }

    [Fact]
    public async Task A_Gemini_that_does_not_answer_in_time_falls_back_for_both_parts()
    {
        _gemini.Stall().Stall();

        var result = await AskAsync("three jackets", new()
        {
            ["MultimodalSearch:Intent:LlmTimeout"] = "00:00:00.300",
            ["MultimodalSearch:Stylist:LlmTimeout"] = "00:00:00.300",
        });

        Assert.Contains("timed out", result.ClassificationFallbackReason, StringComparison.Ordinal);
        Assert.Contains("timed out", result.AdviceFallbackReason, StringComparison.Ordinal);
        Assert.Equal(3, result.ItemsIn("jacket").Count);
    }

    [Fact]
    public async Task A_follow_up_sends_the_conversation_to_Gemini_and_shows_nothing_twice()
    {
        _gemini.ReplyText("""{"categories": ["t-shirt"], "count": 2, "attributes": {"baseColour": "black"}}""").ReplyText(Advice)
            .ReplyText("""{"categories": [], "count": 1, "followUp": "more"}""").ReplyText("""{"answer": "One more black tee."}""");

        var first = await AskAsync(new FashionSearchRequest("show me two black t-shirts"));
        var second = await AskAsync(new FashionSearchRequest("show me one more") { Conversation = first.Conversation });

        Assert.Equal(FollowUpKind.More, second.FollowUp);
        Assert.Equal(ResultSource.Llm, second.ClassifiedBy);
        Assert.Equal(["t-shirt"], second.Categories);
        var shown = Assert.Single(second.Items);
        Assert.Equal("black", demo.Colour(shown.Id));
        Assert.DoesNotContain(shown.Name, first.Items.Select(i => i.Name));

        // The second classification request carries the first turn: its message, what it was understood as, and what it showed.
        var classify = _gemini.Requests[2].Body.ToJsonString();
        Assert.Contains("show me two black t-shirts", classify, StringComparison.Ordinal);
        Assert.All(first.Items, item => Assert.Contains(item.Name, classify, StringComparison.Ordinal));
        Assert.Contains("show me one more", classify, StringComparison.Ordinal);
        var schema = _gemini.Requests[2].Body["generationConfig"]?["responseJsonSchema"] ?? _gemini.Requests[2].Body["generationConfig"]?["responseSchema"];
        Assert.Equal(["new", "refine", "more"], schema?["properties"]?["followUp"]?["enum"]?.AsArray().Select(e => e!.GetValue<string>()));

        // The stylist hears the conversation too.
        Assert.Contains("show me two black t-shirts", _gemini.Requests[3].Body.ToJsonString(), StringComparison.Ordinal);
    }

    private static List<(string MimeType, string Data)> InlineImages(JsonNode request) =>
        [.. request["contents"]!.AsArray()
            .SelectMany(content => content!["parts"]!.AsArray())
            .Select(part => part!["inlineData"])
            .OfType<JsonNode>()
            .Select(inline => (inline["mimeType"]!.GetValue<string>(), inline["data"]!.GetValue<string>()))];

    private Task<FashionSearchResult> AskAsync(string message, Dictionary<string, string?>? settings = null) => AskAsync(new FashionSearchRequest(message), settings);

    private async Task<FashionSearchResult> AskAsync(FashionSearchRequest request, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddSingleton(demo.Embedder);
        services.AddSingleton(demo.Store);
        services.AddMultimodalFashionSearch(configuration).AddGemini(gemini =>
        {
            gemini.ApiKey = "test-key";
            gemini.Endpoint = _gemini.BaseUri;
            gemini.Model = "gemini-test";
            gemini.MaxRetries = 0;
        });
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(request);
    }
}
