using System.Text.Json.Serialization;

namespace FashionSearch.Web.Api;

/// <summary>The <c>items</c> event: the products found, as soon as they are.</summary>
/// <param name="Items">The products.</param>
internal sealed record ItemsEvent([property: JsonPropertyName("items")] IReadOnlyList<ItemView> Items);
