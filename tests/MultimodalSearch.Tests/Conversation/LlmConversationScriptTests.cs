using Microsoft.Extensions.Options;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Conversation;

/// <summary>Multi-turn conversations with a scripted language-model classifier, on the real demo model and catalog.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class LlmConversationScriptTests(DemoCatalogFixture demo)
{
    public static TheoryData<string> Scripts => [.. LlmConversationScripts.All.Keys];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_scripted_conversation_with_a_language_model_goes_as_a_shopper_expects(string script)
    {
        var steps = LlmConversationScripts.All[script];
        var chat = new ScriptedChatClient();
        foreach (var step in steps)
        {
            chat.Reply(step.LlmReply!);
        }

        var intent = Options.Create(new IntentClassifierOptions());
        var workflow = new FashionSearchWorkflow(
            demo.Embedder,
            demo.Store,
            new ChatIntentClassifier(chat, new KeywordIntentClassifier(intent), intent),
            new TemplateStylistAssistant(),
            Options.Create(new FashionSearchOptions()));
        var runner = new ConversationRunner(demo, (request, token) => workflow.AskAsync(request, token));

        await runner.RunAsync(steps);

        // Every classification after the first carried the conversation before it.
        Assert.Equal(steps.Length, chat.Calls.Count);
        for (var turn = 1; turn < steps.Length; turn++)
        {
            var prompt = string.Join("\n", chat.Calls[turn].Messages.Select(m => m.Text));
            Assert.Contains(steps[turn - 1].Message, prompt, StringComparison.Ordinal);
            Assert.All(runner.Results[turn - 1].Items, item => Assert.Contains(item.Name, prompt, StringComparison.Ordinal));
        }
    }
}
