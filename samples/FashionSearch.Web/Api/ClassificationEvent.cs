using System.Text.Json.Serialization;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>The <c>classification</c> event: what the shopper asked for, before anything is searched.</summary>
/// <param name="Categories">The categories to search (empty: the whole catalog).</param>
/// <param name="Count">The items wanted per category.</param>
/// <param name="PhotoCategory">The category the photo looks most like, when that decides the search.</param>
/// <param name="ClassifiedBy">llm or offline.</param>
internal sealed record ClassificationEvent(
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("photoCategory"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhotoCategory,
    [property: JsonPropertyName("classifiedBy")] ResultSource ClassifiedBy);
