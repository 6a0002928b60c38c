using System.Text.Json.Serialization;

namespace FashionSearch.Web.Api;

/// <summary>The answer of <c>GET /api/search</c>.</summary>
/// <param name="Hits">The products found, best first.</param>
internal sealed record SearchResponse([property: JsonPropertyName("hits")] IReadOnlyList<ItemView> Hits);
