using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>One product found for a request.</summary>
/// <param name="Id">The product's id.</param>
/// <param name="Name">The product's display name.</param>
/// <param name="Category">The product's category.</param>
/// <param name="Score">The search score (higher is better; see <see cref="CatalogQuery"/>).</param>
/// <param name="Image">Where the product's image lives, if known.</param>
public sealed record FashionSearchItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("image")] string? Image)
{
    /// <summary>Gets the product's metadata (colour, pattern, ...); not part of the JSON contract.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Creates an item from a search hit.</summary>
    /// <param name="hit">The hit.</param>
    /// <returns>The item.</returns>
    internal static FashionSearchItem From(CatalogHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.Id, hit.Name, hit.Category, hit.Score, hit.ImageLocation) { Metadata = hit.Metadata };
    }
}
