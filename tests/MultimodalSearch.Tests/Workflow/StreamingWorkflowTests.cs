using Microsoft.Extensions.Options;

namespace MultimodalSearch.Tests.Workflow;

/// <summary><see cref="FashionSearchWorkflow.AskStreamingAsync"/>: items before advice, advice in pieces, cancellation mid-advice, fallbacks.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class StreamingWorkflowTests(DemoCatalogFixture demo)
{
    private static readonly string[] Answer = ["{\"ans", "wer\": \"Two classic ", "black tees\\u2014wear ", "them with \\\"jeans\\\".\"}"];

    [Fact]
    public async Task Items_arrive_before_the_first_piece_of_advice_and_the_pieces_make_the_advice()
    {
        var chat = new StreamingChatClient(Answer, TimeSpan.FromMilliseconds(150));
        var updates = new List<(FashionSearchUpdate Update, int PiecesSentBefore)>();

        await foreach (var update in Workflow(chat).AskStreamingAsync(new FashionSearchRequest("show me two black t-shirts")))
        {
            updates.Add((update, chat.Sent));
        }

        Assert.IsType<FashionSearchClassifiedUpdate>(updates[0].Update);
        var items = Assert.IsType<FashionSearchItemsUpdate>(updates[1].Update);
        Assert.Equal(0, updates[1].PiecesSentBefore);
        Assert.Equal(2, items.Items.Count);
        var pieces = updates.Select(u => u.Update).OfType<FashionSearchAdviceUpdate>().Select(a => a.Text).ToList();
        Assert.True(pieces.Count >= 3, $"The advice came in {pieces.Count} pieces.");
        var completed = Assert.IsType<FashionSearchCompletedUpdate>(updates[^1].Update);
        Assert.Equal("Two classic black tees\u2014wear them with \"jeans\".", completed.Result.Advice);
        Assert.Equal(completed.Result.Advice, string.Concat(pieces));
        Assert.Equal(ResultSource.Llm, completed.Result.AdvisedBy);
        Assert.Equal(items.Items, completed.Result.Items);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_the_advice_ends_the_language_model_call()
    {
        var chat = new StreamingChatClient(Answer, TimeSpan.FromMilliseconds(200));
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Workflow(chat).AskStreamingAsync(new FashionSearchRequest("show me two black t-shirts"), cancellation.Token))
            {
                if (update is FashionSearchAdviceUpdate)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        await chat.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(chat.Sent < Answer.Length, $"The model sent {chat.Sent} of {Answer.Length} pieces.");
    }

    [Fact]
    public async Task Offline_the_template_comes_as_one_piece_after_the_items()
    {
        var updates = new List<FashionSearchUpdate>();
        await foreach (var update in Workflow(chat: null).AskStreamingAsync(new FashionSearchRequest("a green jacket")))
        {
            updates.Add(update);
        }

        Assert.Collection(
            updates,
            u => Assert.Equal(["jacket"], Assert.IsType<FashionSearchClassifiedUpdate>(u).Categories),
            u => Assert.Single(Assert.IsType<FashionSearchItemsUpdate>(u).Items),
            u => Assert.StartsWith("Here is what I found", Assert.IsType<FashionSearchAdviceUpdate>(u).Text, StringComparison.Ordinal),
            u => Assert.Equal(ResultSource.Offline, Assert.IsType<FashionSearchCompletedUpdate>(u).Result.AdvisedBy));
    }

    [Fact]
    public async Task A_model_that_fails_after_streaming_part_of_its_answer_is_replaced_by_the_template_in_the_result()
    {
        var chat = new StreamingChatClient(Answer[..2], TimeSpan.FromMilliseconds(10), new HttpRequestException("connection reset"));
        FashionSearchResult? result = null;
        var streamed = "";
        await foreach (var update in Workflow(chat).AskStreamingAsync(new FashionSearchRequest("show me two black t-shirts")))
        {
            streamed += (update as FashionSearchAdviceUpdate)?.Text;
            result = (update as FashionSearchCompletedUpdate)?.Result ?? result;
        }

        Assert.Equal("Two classic ", streamed);
        Assert.NotNull(result);
        Assert.Equal(ResultSource.Offline, result.AdvisedBy);
        Assert.Contains("connection reset", result.AdviceFallbackReason, StringComparison.Ordinal);
        Assert.StartsWith("Here is what I found", result.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_never_answers_in_time_streams_the_template()
    {
        var chat = new StreamingChatClient(Answer, TimeSpan.FromSeconds(30));
        var updates = new List<FashionSearchUpdate>();
        await foreach (var update in Workflow(chat, llmTimeout: TimeSpan.FromMilliseconds(300)).AskStreamingAsync(new FashionSearchRequest("a green jacket")))
        {
            updates.Add(update);
        }

        var advice = Assert.Single(updates.OfType<FashionSearchAdviceUpdate>());
        var result = Assert.IsType<FashionSearchCompletedUpdate>(updates[^1]).Result;
        Assert.Equal(result.Advice, advice.Text);
        Assert.Contains("timed out", result.AdviceFallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_fails_when_enumeration_starts()
    {
        var stream = Workflow(chat: null).AskStreamingAsync(new FashionSearchRequest(""));

        await Assert.ThrowsAsync<ArgumentException>(async () => await stream.GetAsyncEnumerator().MoveNextAsync());
    }

    private FashionSearchWorkflow Workflow(StreamingChatClient? chat, TimeSpan? llmTimeout = null)
    {
        var stylistOptions = Options.Create(new StylistOptions { LlmTimeout = llmTimeout ?? TimeSpan.FromSeconds(30) });
        IStylistAssistant stylist = chat is null ? new TemplateStylistAssistant() : new ChatStylistAssistant(chat, stylistOptions);
        return new(
            demo.Embedder,
            demo.Store,
            new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())),
            stylist,
            Options.Create(new FashionSearchOptions()));
    }
}
