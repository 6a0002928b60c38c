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
    ImageInput? Photo = null);
