using System.Text.Json;
using Microsoft.Extensions.Options;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Conversation;

/// <summary>
/// Multi-turn conversations, offline, on the real demo model and catalog: the caller keeps the conversation (sent
/// through JSON between turns, as a web page would) and every turn's items are checked against the catalog's metadata.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class ConversationScriptTests(DemoCatalogFixture demo)
{
    public static TheoryData<string> Scripts => [.. ConversationScripts.All.Keys];

    [Fact]
    public void There_are_at_least_thirty_offline_scripts()
    {
        Assert.True(ConversationScripts.All.Count >= 30, $"Only {ConversationScripts.All.Count} scripts.");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_scripted_conversation_goes_as_a_shopper_expects(string script)
    {
        var workflow = new FashionSearchWorkflow(
            demo.Embedder,
            demo.Store,
            new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())),
            new TemplateStylistAssistant(),
            Options.Create(new FashionSearchOptions()));
        await new ConversationRunner(demo, (request, token) => workflow.AskAsync(request, token)).RunAsync(ConversationScripts.All[script]);
    }
}

/// <summary>Plays a script turn by turn, keeping the conversation as a caller would, and checks each turn.</summary>
internal sealed class ConversationRunner(DemoCatalogFixture demo, Func<FashionSearchRequest, CancellationToken, Task<FashionSearchResult>> ask)
{
    private readonly Dictionary<string, string> _uploads = new(StringComparer.Ordinal);

    public List<FashionSearchResult> Results { get; } = [];

    public async Task RunAsync(IReadOnlyList<ConversationStep> steps)
    {
        string? conversationJson = null;
        for (var turn = 0; turn < steps.Count; turn++)
        {
            var step = steps[turn];
            if (step.ForgetUploads)
            {
                _uploads.Clear();
            }

            string? reference = null;
            if (step.Upload is not null)
            {
                reference = "upload-" + turn;
                _uploads[reference] = demo.ImagePath(step.Upload);
            }

            var request = new FashionSearchRequest(step.Message, step.Upload is null ? null : ImageInput.FromFile(demo.ImagePath(step.Upload)))
            {
                Conversation = conversationJson is null ? null : JsonSerializer.Deserialize<FashionConversation>(conversationJson),
                PhotoItemId = step.Item,
                PhotoReference = reference,
                PhotoResolver = (name, _) => ValueTask.FromResult(_uploads.TryGetValue(name, out var path) ? ImageInput.FromFile(path) : null),
            };
            var result = await ask(request, CancellationToken.None);
            Check(step, result, turn);
            Results.Add(result);

            // The caller keeps the conversation: here, as JSON, the way a page or a file would.
            conversationJson = JsonSerializer.Serialize(result.Conversation);
        }
    }

    private void Check(ConversationStep step, FashionSearchResult result, int turn)
    {
        var because = $"turn {turn + 1} \"{step.Message}\": {string.Join(", ", result.Items.Select(i => $"{i.Id} {i.Name}"))} [{string.Join(", ", result.Categories)}]";
        var styles = demo.Styles;
        if (step.Categories is not null)
        {
            Assert.True(step.Categories.SequenceEqual(result.Categories), $"Categories: {because}");
            Assert.All(result.Items, i => Assert.Contains(i.Category, step.Categories));
        }

        if (step.NotCategories is not null)
        {
            Assert.True(result.Items.All(i => !step.NotCategories.Contains(i.Category)) && result.Categories.All(c => !step.NotCategories.Contains(c)), $"Not categories: {because}");
        }

        if (step.Colour is not null)
        {
            Assert.True(result.Items.All(i => styles[i.Id][2] == step.Colour), $"Colour {step.Colour}: {because}");
        }

        if (step.Pattern is not null)
        {
            Assert.True(result.Items.Count > 0 && styles[result.Items[0].Id][3] == step.Pattern, $"Pattern {step.Pattern} first: {because}");
        }

        if (step.PatternOfShown is { } position)
        {
            var referenced = Results[^1].Items[position - 1];
            Assert.True(result.Items.Count > 0 && styles[result.Items[0].Id][3] == styles[referenced.Id][3], $"Pattern of shown item {position} ({referenced.Name}) first: {because}");
        }

        if (step.Relation is { } relation)
        {
            Assert.True(relation == result.Relation, $"Relation {relation}, got {result.Relation}: {because}");
        }

        if (step.FollowUp is { } followUp)
        {
            Assert.True(followUp == result.FollowUp, $"Follow-up {followUp}, got {result.FollowUp}: {because}");
        }

        if (step.Unmatched is not null)
        {
            Assert.True(step.Unmatched.SequenceEqual(result.Unmatched), $"Unmatched [{string.Join(", ", result.Unmatched)}]: {because}");
        }

        if (step.ItemCount is { } count)
        {
            Assert.True(count == result.Items.Count, $"{count} items: {because}");
        }

        if (step.PhotoCategory is not null)
        {
            Assert.Equal(step.PhotoCategory, result.PhotoCategory);
        }

        if (step.AdviceContains is not null)
        {
            Assert.True(result.Advice.Contains(step.AdviceContains, StringComparison.OrdinalIgnoreCase), $"Advice \"{result.Advice}\": {because}");
        }

        // Always: one result never shows one product twice, and the conversation records what was shown.
        Assert.True(result.Items.Select(i => i.Name).Distinct().Count() == result.Items.Count, $"Distinct products: {because}");
        Assert.Equal(result.Items.Select(i => i.Id), result.Conversation.LastTurn!.Shown.Select(i => i.Id));
        if (step.Fresh)
        {
            var earlier = Results.SelectMany(r => r.Items).ToList();
            Assert.True(result.Items.All(i => earlier.All(e => e.Id != i.Id && e.Name != i.Name)), $"Nothing shown twice: {because}");
        }
    }
}
