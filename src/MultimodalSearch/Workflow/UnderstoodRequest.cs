namespace MultimodalSearch;

/// <summary>A request once understood: what to search, with which photo, and why.</summary>
internal sealed record UnderstoodRequest
{
    public required string Message { get; init; }

    public required IntentClassification Classification { get; init; }

    public required CatalogFacets Facets { get; init; }

    public required FashionConversation Conversation { get; init; }

    /// <summary>Gets the categories to search; empty with <see cref="SearchWholeCatalog"/> false means nothing is searched.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    public required bool SearchWholeCatalog { get; init; }

    public required int Count { get; init; }

    public required PhotoRelation Relation { get; init; }

    public ImageInput? Photo { get; init; }

    public ImageEmbedding? PhotoEmbedding { get; init; }

    public ConversationPhoto? ConversationPhoto { get; init; }

    /// <summary>Gets the catalog item that is the photo, if it is one (never shown as a result of its own "like this").</summary>
    public string? PhotoItemId { get; init; }

    public string? PhotoItemName { get; init; }

    public string? PhotoCategory { get; init; }

    /// <summary>Gets the attribute values the photo shows (a catalog item's own, or those most of its nearest catalog images share).</summary>
    public IReadOnlyDictionary<string, string> PhotoAttributes { get; init; } = new Dictionary<string, string>();

    public double ClassifyMs { get; init; }
}
