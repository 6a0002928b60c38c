using System.Text.Json;

namespace MultimodalSearch;

/// <summary>Reads the JSON object a language model was asked to reply with, tolerating a Markdown code fence around it.</summary>
internal static class LlmJson
{
    /// <summary>Parses the first JSON object in <paramref name="reply"/>.</summary>
    /// <param name="reply">The model's reply text.</param>
    /// <param name="root">The object, cloned so that it outlives the document.</param>
    /// <param name="problem">Why the reply is not a JSON object, when it is not.</param>
    /// <returns>True when the reply holds a JSON object.</returns>
    public static bool TryParseObject(string? reply, out JsonElement root, out string problem)
    {
        root = default;
        if (string.IsNullOrWhiteSpace(reply))
        {
            problem = "the reply is empty";
            return false;
        }

        // Models asked for JSON sometimes wrap it in ```json fences or add a sentence; the object itself is what counts.
        var start = reply.IndexOf('{', StringComparison.Ordinal);
        var end = reply.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            problem = "the reply holds no JSON object";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(reply.AsMemory(start, end - start + 1));
            root = document.RootElement.Clone();
            problem = "";
            return true;
        }
        catch (JsonException ex)
        {
            problem = "malformed JSON: " + ex.Message;
            return false;
        }
    }
}
