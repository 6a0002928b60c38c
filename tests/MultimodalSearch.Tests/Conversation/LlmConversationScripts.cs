namespace MultimodalSearch.Tests.Conversation;

/// <summary>Multi-turn scripts with a language model classifier whose replies are scripted: its follow-up fields are validated and resolved like the offline ones.</summary>
public static class LlmConversationScripts
{
    private const string BlackTShirts = """{"categories": ["t-shirt"], "count": 2, "attributes": {"baseColour": "black"}, "relation": "none", "followUp": "new"}""";

    public static IReadOnlyDictionary<string, ConversationStep[]> All { get; } = new Dictionary<string, ConversationStep[]>(StringComparer.Ordinal)
    {
        ["llm: more"] =
        [
            new("show me two black t-shirts") { LlmReply = BlackTShirts, Categories = ["t-shirt"], Colour = "black", ItemCount = 2 },
            new("got any others?") { LlmReply = """{"categories": [], "count": 2, "followUp": "more"}""", Categories = ["t-shirt"], Colour = "black", FollowUp = FollowUpKind.More, Fresh = true, ItemCount = 1 },
        ],
        ["llm: refine the colour"] =
        [
            new("show me two black t-shirts") { LlmReply = BlackTShirts, Colour = "black" },
            new("make it red") { LlmReply = """{"categories": [], "count": 2, "attributes": {"baseColour": "red"}, "followUp": "refine"}""", Categories = ["t-shirt"], Colour = "red", ItemCount = 2, FollowUp = FollowUpKind.Refine },
        ],
        ["llm: a shown item becomes the photo"] =
        [
            new("show me two black t-shirts") { LlmReply = BlackTShirts, ItemCount = 2 },
            new("I like the second, but in blue") { LlmReply = """{"categories": [], "count": 1, "attributes": {"baseColour": "blue"}, "relation": "similar", "followUp": "refine", "item": 2}""", Categories = ["t-shirt"], Colour = "blue", PatternOfShown = 2, Relation = PhotoRelation.Similar },
        ],
        ["llm: what goes with the first one"] =
        [
            new("a blue jacket") { LlmReply = """{"categories": ["jacket"], "count": 1, "attributes": {"baseColour": "blue"}}""", Categories = ["jacket"], Colour = "blue" },
            new("what would I wear with that?") { LlmReply = """{"categories": [], "count": 1, "relation": "complement", "followUp": "refine", "item": 1}""", NotCategories = ["jacket"], Relation = PhotoRelation.Complement, ItemCount = 5 },
        ],
        ["llm: the shop has no hats"] =
        [
            new("a sun hat please") { LlmReply = """{"categories": [], "count": 1, "unmatched": ["sun hat"]}""", Unmatched = ["sun hat"], ItemCount = 0, AdviceContains = "does not carry sun hats" },
        ],
        ["llm: an invented colour is dropped"] =
        [
            new("a magenta jacket") { LlmReply = """{"categories": ["jacket"], "count": 1, "attributes": {"baseColour": "magenta", "fabric": "silk"}}""", Categories = ["jacket"], ItemCount = 1 },
        ],
        ["llm: a category passed off as missing falls back to the offline reading"] =
        [
            new("two jackets") { LlmReply = """{"categories": [], "count": 2, "unmatched": ["jackets"]}""", Categories = ["jacket"], Unmatched = [], ItemCount = 2 },
        ],
        ["llm: a malformed follow-up reply falls back and still follows up"] =
        [
            new("show me two black t-shirts") { LlmReply = BlackTShirts, ItemCount = 2 },
            new("show me more") { LlmReply = "sure! here you go", Categories = ["t-shirt"], Colour = "black", FollowUp = FollowUpKind.More, Fresh = true },
        ],
        ["llm: an item number out of range is ignored"] =
        [
            new("show me two black t-shirts") { LlmReply = BlackTShirts, ItemCount = 2 },
            new("the ninth one") { LlmReply = """{"categories": ["t-shirt"], "count": 1, "followUp": "refine", "item": 9}""", Categories = ["t-shirt"], Relation = PhotoRelation.None },
        ],
    };
}
