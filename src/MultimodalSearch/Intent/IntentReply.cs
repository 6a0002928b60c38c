using System.Text.Json;

namespace MultimodalSearch;

/// <summary>Validates a language model's classification reply; nothing in it is trusted beyond the two fields.</summary>
internal static class IntentReply
{
    /// <summary>Reads <c>{"categories": [...], "count": N}</c>.</summary>
    /// <param name="reply">The reply text.</param>
    /// <param name="vocabulary">The catalog's vocabulary: unknown names are mapped by synonym or dropped.</param>
    /// <param name="maxItems">The largest acceptable count.</param>
    /// <param name="dropped">Receives the names that named no catalog category.</param>
    /// <returns>The classification, or null and why the reply is unusable.</returns>
    public static (IntentClassification? Value, string? Problem) Parse(string? reply, CategoryVocabulary vocabulary, int maxItems, ICollection<string> dropped)
    {
        if (!LlmJson.TryParseObject(reply, out var root, out var problem))
        {
            return (null, problem);
        }

        if (!root.TryGetProperty("categories", out var names) || names.ValueKind != JsonValueKind.Array)
        {
            return (null, "no \"categories\" array");
        }

        if (!root.TryGetProperty("count", out var countElement) || countElement.ValueKind != JsonValueKind.Number
            || !countElement.TryGetDouble(out var count) || count != Math.Floor(count))
        {
            return (null, "no whole \"count\"");
        }

        // A count outside the rules means the model did not follow them (or was talked out of them): do not trust any of it.
        if (count < 1 || count > maxItems)
        {
            return (null, $"count {count} outside 1..{maxItems}");
        }

        var categories = new List<string>();
        foreach (var name in names.EnumerateArray())
        {
            var text = name.ValueKind == JsonValueKind.String ? name.GetString() ?? "" : name.GetRawText();
            if (vocabulary.Resolve(text) is { } category)
            {
                if (!categories.Contains(category, StringComparer.Ordinal))
                {
                    categories.Add(category);
                }
            }
            else
            {
                dropped.Add(text);
            }
        }

        if (categories.Count == 0)
        {
            return (null, dropped.Count > 0 ? $"no catalog category among [{string.Join(", ", dropped)}]" : "no category named");
        }

        return (new IntentClassification(categories, (int)count, ResultSource.Llm), null);
    }
}
