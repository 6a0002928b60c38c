using System.Text.Json.Serialization;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>The <c>classification</c> event: what the shopper asked for, resolved against the conversation, before anything is searched.</summary>
/// <param name="Categories">The categories to search (empty: the whole catalog, or nothing when only unmatched things were asked for).</param>
/// <param name="Count">The items wanted per category.</param>
/// <param name="Attributes">The attribute values asked for.</param>
/// <param name="Relation">How the request relates to its photo.</param>
/// <param name="Unmatched">What the shop does not carry.</param>
/// <param name="PhotoCategory">The category the photo looks most like, when it was worked out.</param>
/// <param name="ClassifiedBy">llm or offline.</param>
internal sealed record ClassificationEvent(
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string> Attributes,
    [property: JsonPropertyName("relation")] PhotoRelation Relation,
    [property: JsonPropertyName("unmatched")] IReadOnlyList<string> Unmatched,
    [property: JsonPropertyName("photoCategory"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PhotoCategory,
    [property: JsonPropertyName("classifiedBy")] ResultSource ClassifiedBy)
{
    /// <summary>Maps the workflow's update.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The event payload.</returns>
    public static ClassificationEvent From(FashionSearchClassifiedUpdate update) =>
        new(update.Categories, update.Count, update.Attributes, update.Relation, update.Unmatched, update.PhotoCategory, update.ClassifiedBy);
}
