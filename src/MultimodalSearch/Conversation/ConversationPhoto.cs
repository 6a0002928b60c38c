using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>
/// A photo of a conversation, by reference: a catalog item (whose image the library can find again) or the
/// caller's own name for an upload (which <see cref="FashionSearchRequest.PhotoResolver"/> gives back).
/// </summary>
/// <param name="ItemId">The catalog item whose image is the photo, or null.</param>
/// <param name="Reference">The caller's name for an uploaded photo, or null.</param>
public sealed record ConversationPhoto(
    [property: JsonPropertyName("itemId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ItemId = null,
    [property: JsonPropertyName("reference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference = null);
