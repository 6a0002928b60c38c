namespace MultimodalSearch;

/// <summary>What a shopper asks for, resolved against the conversation so far: a standalone request.</summary>
/// <param name="Categories">The wanted catalog categories in the order the shopper named them; empty when the message names none.</param>
/// <param name="Count">How many items to find per category (or in all, when <paramref name="Categories"/> is empty); at least 1.</param>
/// <param name="Source">Which implementation produced the classification.</param>
/// <param name="FallbackReason">Why the language model's answer was not used, when a model was configured but the offline classifier answered; otherwise null.</param>
public sealed record IntentClassification(
    IReadOnlyList<string> Categories,
    int Count,
    ResultSource Source,
    string? FallbackReason = null)
{
    /// <summary>
    /// Gets the text to search each category with: the phrase of the message that names it, with the catalog's
    /// name for the category and without counts or request words ("green jacket" and "brown shoes" from
    /// "I need a green jacket and brown shoes"). Categories without a phrase are searched with the whole message.
    /// </summary>
    public IReadOnlyDictionary<string, string> SearchTexts { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the attribute values the shopper asks for, by the catalog's attribute name (<c>baseColour</c> to <c>red</c>); values are the catalog's own.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how the message relates to the photo it is about (<see cref="PhotoRelation.None"/> without one).</summary>
    public PhotoRelation Relation { get; init; }

    /// <summary>Gets what the shopper asked for that the catalog does not have ("hat"), as the shopper named it; never replaced by another category.</summary>
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Gets how the message continues the conversation.</summary>
    public FollowUpKind FollowUp { get; init; }

    /// <summary>Gets the id of a shown item the message refers to ("the second one"), whose image becomes the photo; otherwise null.</summary>
    public string? ReferencedItemId { get; init; }
}
