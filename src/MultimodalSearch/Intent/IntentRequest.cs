namespace MultimodalSearch;

/// <summary>What an <see cref="IIntentClassifier"/> classifies.</summary>
/// <param name="Message">The shopper's message as written (may be empty when a photo came).</param>
/// <param name="Categories">The catalog's categories (from <see cref="ICatalogStore.GetFacetsAsync(CancellationToken)"/>); the only categories a classification may name.</param>
/// <param name="HasPhoto">Whether the shopper sent a photo with the message (or chose a catalog item as the photo).</param>
public sealed record IntentRequest(string Message, IReadOnlyList<string> Categories, bool HasPhoto = false)
{
    /// <summary>Gets the catalog's attribute values by attribute name (<see cref="CatalogFacets.Attributes"/>); the only attribute values a classification may name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the conversation before this message; empty for a first message.</summary>
    public FashionConversation Conversation { get; init; } = FashionConversation.Empty;
}
