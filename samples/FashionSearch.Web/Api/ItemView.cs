using System.Text.Json.Serialization;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>A product as the API shows it: the server's image path is replaced by the URL of its thumbnail.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Category">The category.</param>
/// <param name="Score">The search score (higher is better).</param>
/// <param name="ImageUrl">The thumbnail's URL, <c>/api/items/{id}/image</c>.</param>
internal sealed record ItemView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("imageUrl")] string ImageUrl)
{
    /// <summary>Maps a workflow item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The view.</returns>
    public static ItemView From(FashionSearchItem item) => new(item.Id, item.Name, item.Category, item.Score, ItemIds.ImageUrl(item.Id));

    /// <summary>Maps a search hit.</summary>
    /// <param name="hit">The hit.</param>
    /// <returns>The view.</returns>
    public static ItemView From(CatalogHit hit) => new(hit.Id, hit.Name, hit.Category, hit.Score, ItemIds.ImageUrl(hit.Id));
}
