using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>An item shown in a conversation, enough to refer to it later ("the second one").</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Name">The item's display name.</param>
/// <param name="Category">The item's category.</param>
public sealed record ConversationItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("category")] string Category);
