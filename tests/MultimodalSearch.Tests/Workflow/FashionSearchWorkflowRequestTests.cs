using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>Bad input, cancellation, timeouts, language-model parts and the JSON contract of the workflow, on the demo catalog.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class FashionSearchWorkflowRequestTests(DemoCatalogFixture demo)
{
    [Fact]
    public async Task A_request_without_message_or_photo_is_rejected_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Workflow().AskAsync(new FashionSearchRequest("   ")));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("needs a message, a photo, or both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_longer_than_the_limit_is_rejected_and_names_the_setting()
    {
        var workflow = Workflow(options: new FashionSearchOptions { MaxMessageLength = 20 });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => workflow.AskAsync(new FashionSearchRequest(new string('a', 21))));

        Assert.Contains("21 characters; at most 20", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMessageLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_requests_and_messages_are_rejected()
    {
        var nullRequest = await Assert.ThrowsAsync<ArgumentNullException>(() => Workflow().AskAsync(null!));
        var nullMessage = await Assert.ThrowsAsync<ArgumentException>(() => Workflow().AskAsync(new FashionSearchRequest(null!)));

        Assert.Equal("request", nullRequest.ParamName);
        Assert.Contains("message is null", nullMessage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_that_is_not_an_image_fails_with_InvalidImageException_before_the_model_is_called()
    {
        var chat = new ScriptedChatClient();
        var photo = ImageInput.FromBytes("definitely not a JPEG"u8.ToArray(), "upload.jpg");

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => Workflow(chat).AskAsync(new FashionSearchRequest("pants to go with this", photo)));

        Assert.Equal("upload.jpg", error.ImageName);
        Assert.Empty(chat.Calls);
    }

    [Fact]
    public async Task A_missing_photo_file_fails_with_InvalidImageException()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".jpg");

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => Workflow().AskAsync(new FashionSearchRequest("pants", ImageInput.FromFile(missing))));

        Assert.Equal(missing, error.ImageName);
    }

    [Fact]
    public async Task A_cancelled_request_throws_OperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Workflow().AskAsync(new FashionSearchRequest("two black t-shirts"), cancellation.Token));
    }

    [Fact]
    public async Task Cancelling_while_a_stage_waits_stops_the_request()
    {
        var classifier = new HangingClassifier();
        using var cancellation = new CancellationTokenSource();
        var request = Workflow(classifier: classifier).AskAsync(new FashionSearchRequest("two black t-shirts"), cancellation.Token);
        await classifier.Started.Task;

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.IsNotType<TimeoutException>(error);
    }

    [Fact]
    public async Task A_request_past_its_timeout_fails_with_TimeoutException_that_names_the_setting()
    {
        var workflow = Workflow(classifier: new HangingClassifier(), options: new FashionSearchOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => workflow.AskAsync(new FashionSearchRequest("two black t-shirts")));

        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task With_a_language_model_both_parts_come_from_it_and_the_assistant_sees_the_items_found()
    {
        var chat = new ScriptedChatClient()
            .Reply("""{"categories": ["pants"], "count": 2}""")
            .Reply("""{"answer": "Both pants suit your shirt."}""");
        var photoPath = demo.ImagePath("10081");

        var result = await Workflow(chat).AskAsync(new FashionSearchRequest("something for my legs to go with this", ImageInput.FromFile(photoPath)));

        Assert.Equal(ResultSource.Llm, result.ClassifiedBy);
        Assert.Equal(ResultSource.Llm, result.AdvisedBy);
        Assert.Equal(["pants"], result.Categories);
        Assert.Equal(2, result.Items.Count);
        Assert.Equal("Both pants suit your shirt.", result.Advice);
        var images = chat.Calls[1].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<DataContent>().Select(d => d.Data.ToArray()).ToList();
        Assert.Equal(3, images.Count);
        Assert.Equal(File.ReadAllBytes(photoPath), images[0]);
        Assert.Equal(File.ReadAllBytes(result.Items[0].Image!), images[1]);
        Assert.Equal(File.ReadAllBytes(result.Items[1].Image!), images[2]);
    }

    [Fact]
    public async Task When_the_language_model_fails_both_parts_fall_back_and_the_result_says_why()
    {
        var chat = new ScriptedChatClient()
            .Reply("""{"categories": ["t-shirt"], "count": 1000}""")
            .Throw(new HttpRequestException("connection refused"));

        var result = await Workflow(chat).AskAsync(new FashionSearchRequest("show me two black t-shirts"));

        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Equal(ResultSource.Offline, result.AdvisedBy);
        Assert.Contains("count 1000", result.ClassificationFallbackReason, StringComparison.Ordinal);
        Assert.Contains("connection refused", result.AdviceFallbackReason, StringComparison.Ordinal);
        Assert.Equal(["t-shirt"], result.Categories);
        Assert.Equal(2, result.Count);
        Assert.All(result.Items, item => Assert.Equal("black", demo.Colour(item.Id)));
    }

    [Fact]
    public async Task The_result_serialises_to_the_CLI_ask_contract()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("I need a green jacket and brown shoes"));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result));
        var root = json.RootElement;

        Assert.Equal(
            ["categories", "count", "items", "advice", "classifiedBy", "advisedBy", "attributes", "relation", "followUp", "unmatched", "suggestions", "conversation", "timings"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("none", root.GetProperty("relation").GetString());
        Assert.Equal("new", root.GetProperty("followUp").GetString());
        Assert.Empty(root.GetProperty("unmatched").EnumerateArray());
        var turn = Assert.Single(root.GetProperty("conversation").GetProperty("turns").EnumerateArray());
        Assert.Equal(result.Items.Select(i => i.Id), turn.GetProperty("shown").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["jacket", "shoes"], root.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, root.GetProperty("count").GetInt32());
        Assert.Equal("offline", root.GetProperty("classifiedBy").GetString());
        Assert.Equal("offline", root.GetProperty("advisedBy").GetString());
        Assert.Equal(result.Advice, root.GetProperty("advice").GetString());
        var item = root.GetProperty("items")[0];
        Assert.Equal(["id", "name", "category", "score", "image"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(result.Items[0].Id, item.GetProperty("id").GetString());
        Assert.Equal(result.Items[0].Score, item.GetProperty("score").GetSingle());
        Assert.Equal(["embedMs", "classifyMs", "searchMs", "adviseMs", "totalMs"], root.GetProperty("timings").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Fallback_reasons_and_the_photo_category_appear_in_the_JSON_when_present()
    {
        var chat = new ScriptedChatClient().Reply("not json").Reply("not json either");

        var result = await Workflow(chat).AskAsync(new FashionSearchRequest("", ImageInput.FromFile(demo.ImagePath("10081"))));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result));
        Assert.Equal("shirt", json.RootElement.GetProperty("photoCategory").GetString());
        Assert.Contains("no JSON object", json.RootElement.GetProperty("classificationFallback").GetString(), StringComparison.Ordinal);
        Assert.Contains("no JSON object", json.RootElement.GetProperty("adviceFallback").GetString(), StringComparison.Ordinal);
    }

    private FashionSearchWorkflow Workflow(IChatClient? chat = null, IIntentClassifier? classifier = null, FashionSearchOptions? options = null)
    {
        var intentOptions = Options.Create(new IntentClassifierOptions());
        var offline = new KeywordIntentClassifier(intentOptions);
        return new(
            demo.Embedder,
            demo.Store,
            classifier ?? (chat is null ? offline : new ChatIntentClassifier(chat, offline, intentOptions)),
            chat is null ? new TemplateStylistAssistant() : new ChatStylistAssistant(chat, Options.Create(new StylistOptions())),
            Options.Create(options ?? new FashionSearchOptions()));
    }

    private sealed class HangingClassifier : IIntentClassifier
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IntentClassification> ClassifyAsync(IntentRequest request, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
