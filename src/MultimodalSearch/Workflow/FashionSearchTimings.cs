using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>How long each stage of a request took, in milliseconds.</summary>
/// <param name="EmbedMilliseconds">Reading and embedding the photo and the query texts.</param>
/// <param name="ClassifyMilliseconds">Listing the catalog's categories and classifying the message.</param>
/// <param name="SearchMilliseconds">The catalog searches.</param>
/// <param name="AdviseMilliseconds">Writing the advice.</param>
/// <param name="TotalMilliseconds">The whole request.</param>
public sealed record FashionSearchTimings(
    [property: JsonPropertyName("embedMs")] double EmbedMilliseconds,
    [property: JsonPropertyName("classifyMs")] double ClassifyMilliseconds,
    [property: JsonPropertyName("searchMs")] double SearchMilliseconds,
    [property: JsonPropertyName("adviseMs")] double AdviseMilliseconds,
    [property: JsonPropertyName("totalMs")] double TotalMilliseconds);
