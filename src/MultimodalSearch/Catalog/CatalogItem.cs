namespace MultimodalSearch;

/// <summary>A product in the catalog with the embedding of its image (all query vectors).</summary>
public sealed record CatalogItem
{
    /// <summary>Gets the item's unique id (any non-empty string).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the item's category (for example <c>t-shirt</c>). Matched exactly and case-sensitively.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the display name (for example <c>Black Striped T-Shirt</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Gets where the image lives (a path or URL), for showing it and for re-indexing.</summary>
    public string? ImageLocation { get; init; }

    /// <summary>Gets a hash of the image's bytes, so that ingestion can skip unchanged images.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Gets free metadata (colour, pattern, gender, ...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>Gets the embedding of the item's image.</summary>
    public required ImageEmbedding Embedding { get; init; }

    internal static IReadOnlyDictionary<string, string> EmptyMetadata { get; } = new Dictionary<string, string>();
}
