using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>One answered request of a conversation: what the shopper sent, what was understood, and what was shown.</summary>
public sealed record ConversationTurn
{
    /// <summary>Gets the shopper's message.</summary>
    [JsonPropertyName("message")]
    public string Message { get; init; } = "";

    /// <summary>Gets the photo the turn was about (the shopper's upload or a catalog item), or null.</summary>
    [JsonPropertyName("photo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ConversationPhoto? Photo { get; init; }

    /// <summary>Gets the categories searched; empty when the whole catalog was.</summary>
    [JsonPropertyName("categories")]
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Gets how many items were wanted per category.</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; } = 1;

    /// <summary>Gets the attribute values asked for (attribute name to value).</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how the message related to the photo.</summary>
    [JsonPropertyName("relation")]
    public PhotoRelation Relation { get; init; }

    /// <summary>Gets the catalog category the photo looked most like, when it was worked out.</summary>
    [JsonPropertyName("photoCategory")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PhotoCategory { get; init; }

    /// <summary>Gets what the shopper asked for that the catalog does not have.</summary>
    [JsonPropertyName("unmatched")]
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Gets the text each category was searched with ("" for a search of the whole catalog), so that "show me more" searches the same way.</summary>
    [JsonPropertyName("searchTexts")]
    public IReadOnlyDictionary<string, string> SearchTexts { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the items shown, in the order shown.</summary>
    [JsonPropertyName("shown")]
    public IReadOnlyList<ConversationItem> Shown { get; init; } = [];
}
