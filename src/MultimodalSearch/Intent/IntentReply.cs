using System.Text.Json;

namespace MultimodalSearch;

/// <summary>Validates a language model's classification reply; nothing in it is trusted beyond the named fields, each checked against the catalog.</summary>
internal static class IntentReply
{
    /// <summary>The most unmatched names kept from a reply.</summary>
    public const int MaxUnmatched = 5;

    /// <summary>Reads <c>{"categories": [...], "count": N, "attributes": {...}, "relation", "unmatched": [...], "followUp", "item"}</c>.</summary>
    /// <param name="reply">The reply text.</param>
    /// <param name="vocabulary">The catalog's vocabulary: unknown names are mapped by synonym or dropped.</param>
    /// <param name="request">The request (the catalog's attribute values, the conversation's shown items).</param>
    /// <param name="maxItems">The largest acceptable count.</param>
    /// <param name="dropped">Receives the names and values that named nothing in the catalog.</param>
    /// <returns>The message's intent, or null and why the reply is unusable.</returns>
    public static (MessageIntent? Value, string? Problem) Parse(string? reply, CategoryVocabulary vocabulary, IntentRequest request, int maxItems, ICollection<string> dropped)
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

        var followUp = ReadEnum(root, "followUp", FollowUpKind.New);
        var referenced = ReadItem(root, request.Conversation);
        var unmatched = ReadUnmatched(root, vocabulary);
        if (categories.Count == 0 && followUp == FollowUpKind.New && referenced is null && unmatched.Count == 0 && !request.HasPhoto)
        {
            return (null, dropped.Count > 0 ? $"no catalog category among [{string.Join(", ", dropped)}]" : "no category named");
        }

        return (new MessageIntent
        {
            Categories = categories,
            Count = (int)count,
            CountStated = true,
            Attributes = ReadAttributes(root, request.Attributes, dropped),
            Relation = ReadEnum(root, "relation", PhotoRelation.None),
            Unmatched = unmatched,
            FollowUp = followUp,
            ReferencedItem = referenced,
        }, null);
    }

    private static Dictionary<string, string> ReadAttributes(JsonElement root, IReadOnlyDictionary<string, IReadOnlyList<string>> catalog, ICollection<string> dropped)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("attributes", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return attributes;
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            // Only the catalog's own attribute names and values count, whatever the model wrote.
            var known = catalog.FirstOrDefault(a => string.Equals(a.Key, property.Name, StringComparison.OrdinalIgnoreCase));
            var match = known.Value?.FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                dropped.Add($"{property.Name}={value}");
                continue;
            }

            attributes[known.Key] = match;
        }

        return attributes;
    }

    private static List<string> ReadUnmatched(JsonElement root, CategoryVocabulary vocabulary)
    {
        var unmatched = new List<string>();
        if (!root.TryGetProperty("unmatched", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            return unmatched;
        }

        foreach (var item in element.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()?.Trim() : null;

            // A short name that really is not in the catalog: the model may not relabel a category it has as missing.
            if (!string.IsNullOrEmpty(name) && name.Length <= CatalogFacets.MaxValueLength && vocabulary.Resolve(name) is null
                && !unmatched.Contains(name, StringComparer.OrdinalIgnoreCase) && unmatched.Count < MaxUnmatched)
            {
                unmatched.Add(name);
            }
        }

        return unmatched;
    }

    private static ConversationItem? ReadItem(JsonElement root, FashionConversation conversation)
    {
        var shown = conversation.LastTurn?.Shown ?? [];
        return root.TryGetProperty("item", out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number)
            && number >= 1 && number <= shown.Count ? shown[number - 1] : null;
    }

    private static T ReadEnum<T>(JsonElement root, string name, T fallback)
        where T : struct, Enum
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return fallback;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(element.GetRawText());
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}
