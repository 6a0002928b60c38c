using System.Text.Json;
using System.Text.Json.Nodes;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Serializes a request, starting from the body that <see cref="Microsoft.Extensions.AI.ChatOptions.RawRepresentationFactory"/>
/// returned (a <see cref="JsonObject"/> in Gemini's wire format). As M.E.AI defines the escape hatch, what the
/// caller set wins: the mapped request only fills in what the raw body leaves out, object by object, so
/// <c>{"generationConfig":{"thinkingConfig":{"thinkingLevel":"LOW"}}}</c> keeps the mapped temperature too.
/// </summary>
internal static class GeminiRawRequest
{
    /// <exception cref="NotSupportedException">The factory returned something other than a <see cref="JsonObject"/>.</exception>
    public static byte[] Serialize(GeminiGenerateContentRequest request, object? raw)
    {
        if (raw is null)
        {
            return JsonSerializer.SerializeToUtf8Bytes(request, GeminiJsonContext.Default.GeminiGenerateContentRequest);
        }

        if (raw is not JsonObject body)
        {
            throw new NotSupportedException(
                $"ChatOptions.RawRepresentationFactory returned {raw.GetType().Name}; the Gemini client takes a System.Text.Json.Nodes.JsonObject holding (part of) a generateContent request body.");
        }

        // A copy, so that a factory returning a shared object is not changed by the merge.
        var merged = (JsonObject)body.DeepClone();
        var mapped = JsonSerializer.SerializeToNode(request, GeminiJsonContext.Default.GeminiGenerateContentRequest)!.AsObject();
        FillIn(merged, mapped);
        return JsonSerializer.SerializeToUtf8Bytes(merged, GeminiJsonContext.Default.JsonObject);
    }

    private static void FillIn(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source.ToList())
        {
            if (!target.TryGetPropertyValue(name, out var existing))
            {
                source.Remove(name);
                target[name] = value;
            }
            else if (existing is JsonObject targetChild && value is JsonObject sourceChild)
            {
                FillIn(targetChild, sourceChild);
            }
        }
    }
}
