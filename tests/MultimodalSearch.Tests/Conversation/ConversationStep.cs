namespace MultimodalSearch.Tests.Conversation;

/// <summary>
/// One turn of a scripted conversation and what must come out of it, checked against the demo catalog's metadata
/// (styles.csv), never against the implementation's own output.
/// </summary>
public sealed record ConversationStep(string Message)
{
    /// <summary>Gets a demo product whose image the shopper uploads with the message (as a file, by reference).</summary>
    public string? Upload { get; init; }

    /// <summary>Gets a demo product chosen as the photo (a card's "more like this").</summary>
    public string? Item { get; init; }

    /// <summary>Gets the language model's classification reply for this turn, when the script runs with a scripted chat client.</summary>
    public string? LlmReply { get; init; }

    /// <summary>Gets whether the photo resolver forgets every upload before this turn (an expired upload).</summary>
    public bool ForgetUploads { get; init; }

    public string[]? Categories { get; init; }

    public string[]? NotCategories { get; init; }

    public string? Colour { get; init; }

    public string? Pattern { get; init; }

    /// <summary>Gets the 1-based position of an item shown in the previous turn whose pattern every item must have.</summary>
    public int? PatternOfShown { get; init; }

    public PhotoRelation? Relation { get; init; }

    public FollowUpKind? FollowUp { get; init; }

    public string[]? Unmatched { get; init; }

    public int? ItemCount { get; init; }

    public string? PhotoCategory { get; init; }

    public string? AdviceContains { get; init; }

    /// <summary>Gets whether nothing shown earlier in the conversation (by id or product name) may come again.</summary>
    public bool Fresh { get; init; }
}
