using System.Text.Json;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>Prepares JSON Schemas for <c>responseJsonSchema</c> and <c>parametersJsonSchema</c>.</summary>
internal static class GeminiJsonSchema
{
    /// <summary>Returns the schema without a top-level <c>$schema</c> keyword, which Gemini rejects.</summary>
    public static JsonElement WithoutSchemaKeyword(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$schema", out _))
        {
            return schema;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in schema.EnumerateObject())
            {
                if (property.NameEquals("$schema"))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
