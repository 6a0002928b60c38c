namespace MultimodalSearch;

/// <summary>What one message says on its own, before the conversation fills in what it leaves out.</summary>
internal sealed record MessageIntent
{
    /// <summary>Gets the categories the message names.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Gets the count the rules give for the message alone.</summary>
    public required int Count { get; init; }

    /// <summary>Gets whether the message states its count (a number, "some", a plural); a follow-up without one keeps the previous count.</summary>
    public bool CountStated { get; init; }

    /// <summary>Gets the attribute values the message names.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the relation to the photo the message states.</summary>
    public PhotoRelation Relation { get; init; }

    /// <summary>Gets what the message asks for that the catalog does not have.</summary>
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Gets how the message continues the conversation, as read from the message.</summary>
    public FollowUpKind FollowUp { get; init; }

    /// <summary>Gets the shown item the message refers to, or null.</summary>
    public ConversationItem? ReferencedItem { get; init; }
}
