namespace MultimodalSearch;

/// <summary>One search result: an item (without its embedding) and its score.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Category">The item's category.</param>
/// <param name="Name">The item's display name.</param>
/// <param name="ImageLocation">Where the item's image lives, if known.</param>
/// <param name="Metadata">The item's metadata.</param>
/// <param name="Score">The score: higher is better; see <see cref="CatalogQuery"/> for how it is computed.</param>
public sealed record CatalogHit(
    string Id,
    string Category,
    string Name,
    string? ImageLocation,
    IReadOnlyDictionary<string, string> Metadata,
    float Score);
