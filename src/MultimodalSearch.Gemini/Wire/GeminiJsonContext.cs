using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>Source-generated serialization for the wire types (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(GeminiGenerateContentRequest))]
[JsonSerializable(typeof(GeminiGenerateContentResponse))]
[JsonSerializable(typeof(GeminiErrorResponse))]
[JsonSerializable(typeof(GeminiErrorResponse[]))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
