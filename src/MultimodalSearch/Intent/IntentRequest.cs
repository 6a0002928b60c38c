namespace MultimodalSearch;

/// <summary>What an <see cref="IIntentClassifier"/> classifies.</summary>
/// <param name="Message">The shopper's message as written (may be empty when a photo came).</param>
/// <param name="Categories">The catalog's categories (from <see cref="ICatalogStore.GetCategoriesAsync(CancellationToken)"/>); the only categories a classification may name.</param>
/// <param name="HasPhoto">Whether the shopper sent a photo with the message.</param>
public sealed record IntentRequest(string Message, IReadOnlyList<string> Categories, bool HasPhoto = false);
