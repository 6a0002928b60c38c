namespace MultimodalSearch;

/// <summary>What an <see cref="IStylistAssistant"/> writes advice about.</summary>
/// <param name="Message">The shopper's message as written.</param>
/// <param name="Categories">The categories searched, in the order asked; empty when the whole catalog was searched.</param>
/// <param name="Count">How many items were wanted per category (or in all, when <paramref name="Categories"/> is empty).</param>
/// <param name="Items">The items found, best first within each category.</param>
/// <param name="Photo">The shopper's photo, if one came with the message; it must be readable more than once (a file or bytes).</param>
public sealed record StylistRequest(
    string Message,
    IReadOnlyList<string> Categories,
    int Count,
    IReadOnlyList<CatalogHit> Items,
    ImageInput? Photo = null)
{
    /// <summary>Gets what the shopper asked for that the catalog does not have; the advice says so and offers what the shop has.</summary>
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Gets the catalog's categories, to offer instead of what it does not have.</summary>
    public IReadOnlyList<string> CatalogCategories { get; init; } = [];

    /// <summary>Gets the attribute values searched for.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how the request related to the photo.</summary>
    public PhotoRelation Relation { get; init; }

    /// <summary>Gets how the request continued the conversation ("show me more" that found nothing new means the category ran out).</summary>
    public FollowUpKind FollowUp { get; init; }

    /// <summary>Gets the conversation before this request, for context.</summary>
    public FashionConversation Conversation { get; init; } = FashionConversation.Empty;
}
