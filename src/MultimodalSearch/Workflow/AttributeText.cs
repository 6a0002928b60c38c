namespace MultimodalSearch;

/// <summary>
/// Puts the attribute values a request asks for into a search text: "jersey" with colour red is "red jersey"; "black
/// t-shirt" with colour red is "red t-shirt" (the other value of the same attribute goes); texts that already say the
/// value stay as they are.
/// </summary>
internal static class AttributeText
{
    /// <summary>Applies the attribute values to a text.</summary>
    /// <param name="text">The text, or null for none (then the values alone, before <paramref name="category"/>).</param>
    /// <param name="category">The category searched, if any (named after the values when there is no text).</param>
    /// <param name="attributes">The values asked for, by attribute.</param>
    /// <param name="vocabulary">The catalog's attribute values.</param>
    /// <returns>The text; null when there was no text, no category and no value.</returns>
    public static string? Apply(string? text, string? category, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, IReadOnlyList<string>> vocabulary)
    {
        if (attributes.Count == 0)
        {
            return text;
        }

        // Whole words of the text are kept as written ("t-shirt" stays one word, as the embedder should see it).
        var words = (text ?? category ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var added = new List<string>();
        foreach (var (attribute, value) in attributes)
        {
            var wanted = MessageText.Tokenize(value).Select(AttributeVocabulary.Stem).ToHashSet(StringComparer.Ordinal);

            // Another value of the same attribute contradicts the one asked for ("black" when red is wanted).
            var others = vocabulary.TryGetValue(attribute, out var values)
                ? values.SelectMany(v => MessageText.Tokenize(v)).Select(AttributeVocabulary.Stem).Where(w => !wanted.Contains(w)).ToHashSet(StringComparer.Ordinal)
                : [];
            words.RemoveAll(w => others.Contains(Key(w)));
            if (!words.Any(w => wanted.Contains(Key(w))))
            {
                added.Add(value);
            }
        }

        return string.Join(' ', added.Concat(words));
    }

    private static string Key(string word) => AttributeVocabulary.Stem(string.Concat(MessageText.Tokenize(word)));

    /// <summary>Counts how many of the wanted values an item's metadata has (attribute names and values ignore case).</summary>
    /// <param name="metadata">The item's metadata.</param>
    /// <param name="attributes">The values asked for.</param>
    /// <returns>The number of matching attributes.</returns>
    public static int Matches(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> attributes)
    {
        var matches = 0;
        foreach (var (attribute, value) in attributes)
        {
            if (metadata.TryGetValue(attribute, out var actual) && string.Equals(actual.Trim(), value, StringComparison.OrdinalIgnoreCase))
            {
                matches++;
            }
        }

        return matches;
    }
}
