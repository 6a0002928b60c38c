namespace MultimodalSearch.Embedded;

/// <summary>An item as the embedded store keeps it: its fields, and where its vectors lie in its category's partition.</summary>
/// <param name="Id">The id.</param>
/// <param name="Category">The category (the partition that holds the vectors).</param>
/// <param name="Name">The display name.</param>
/// <param name="ImageLocation">Where the image lives.</param>
/// <param name="ContentHash">The image's content hash.</param>
/// <param name="Metadata">A private copy of the metadata.</param>
/// <param name="Slot">The item's slot in its partition.</param>
/// <param name="SerializedBytes">The bytes the item takes in the log, for deciding when to compact.</param>
internal sealed record StoredItem(
    string Id,
    string Category,
    string Name,
    string? ImageLocation,
    string? ContentHash,
    IReadOnlyDictionary<string, string> Metadata,
    int Slot,
    long SerializedBytes)
{
    /// <summary>Creates the hit for this item.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The hit.</returns>
    public CatalogHit ToHit(float score) => new(Id, Category, Name, ImageLocation, Metadata, score);
}
