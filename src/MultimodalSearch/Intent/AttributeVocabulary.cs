namespace MultimodalSearch;

/// <summary>
/// The attribute values of one catalog (<see cref="CatalogFacets.Attributes"/>) as words to find in a message:
/// "the same in red" names <c>baseColour = red</c> when the catalog has red items. Values are matched as whole
/// words, longest first, and loosely ("stripes" and "stripy" find <c>striped</c>, "dots" finds <c>dotted</c>).
/// </summary>
internal sealed class AttributeVocabulary
{
    private readonly Dictionary<string, List<(string Attribute, string Value)>> _terms = new(StringComparer.Ordinal);
    private readonly int _maxTermLength;

    /// <summary>Builds the vocabulary.</summary>
    /// <param name="attributes">The catalog's attribute values by attribute name.</param>
    public AttributeVocabulary(IReadOnlyDictionary<string, IReadOnlyList<string>> attributes)
    {
        Attributes = attributes;
        foreach (var (attribute, values) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            foreach (var value in values)
            {
                var tokens = MessageText.Tokenize(value);
                if (tokens.Count == 0 || tokens.Contains(MessageText.Break))
                {
                    continue;
                }

                var key = Key(tokens);
                if (!_terms.TryGetValue(key, out var list))
                {
                    _terms[key] = list = [];
                }

                list.Add((attribute, value));
                _maxTermLength = Math.Max(_maxTermLength, tokens.Count);
            }
        }
    }

    /// <summary>Gets the catalog's attribute values by attribute name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; }

    /// <summary>Gets whether the catalog has any attribute vocabulary.</summary>
    public bool IsEmpty => _terms.Count == 0;

    /// <summary>Finds the attribute values a message names, skipping negated ones ("not red") and the tokens of category mentions.</summary>
    /// <param name="tokens">The message's tokens.</param>
    /// <param name="taken">Marks tokens that belong to category mentions (not attribute words); may be null.</param>
    /// <returns>The attribute values by attribute name, and where in the message each was found.</returns>
    public IReadOnlyList<AttributeMention> FindMentions(IReadOnlyList<string> tokens, bool[]? taken = null)
    {
        var found = new List<AttributeMention>();
        for (var start = 0; start < tokens.Count;)
        {
            var matched = 0;
            for (var length = Math.Min(_maxTermLength, tokens.Count - start); length > 0 && matched == 0; length--)
            {
                if (taken is not null && Enumerable.Range(start, length).Any(i => taken[i]))
                {
                    continue;
                }

                if (_terms.TryGetValue(Key(tokens.Skip(start).Take(length)), out var values))
                {
                    matched = length;
                    if (!IsNegated(tokens, start))
                    {
                        found.AddRange(values.Select(v => new AttributeMention(v.Attribute, v.Value, start, length)));
                    }
                }
            }

            start += Math.Max(matched, 1);
        }

        return found;
    }

    /// <summary>Gets the loose form of a word, under which "stripes", "stripy" and "striped" are one word.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The loose form.</returns>
    public static string Stem(string word)
    {
        // Only longer words are stemmed: "red" must not lose its "ed".
        if (word.Length <= 4)
        {
            return word;
        }

        var stem = word;
        foreach (var suffix in (ReadOnlySpan<string>)["ies", "ed", "es", "s", "y", "e"])
        {
            if (stem.Length - suffix.Length >= 3 && stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }

        // "dotted" -> "dott" -> "dot", "spotty" -> "spott" -> "spot".
        return stem.Length >= 4 && stem[^1] == stem[^2] && !"aeiou".Contains(stem[^1], StringComparison.Ordinal) ? stem[..^1] : stem;
    }

    private static string Key(IEnumerable<string> tokens) => string.Join(' ', tokens.Select(Stem));

    // "not red", "no black", "anything but black": a negation up to two words before the value.
    private static bool IsNegated(IReadOnlyList<string> tokens, int start)
    {
        for (var i = start - 1; i >= 0 && i >= start - 2 && tokens[i] != MessageText.Break; i--)
        {
            if (KeywordIntentClassifier.IsNegation(tokens[i]) || (tokens[i] == "but" && i > 0 && tokens[i - 1] is "anything" or "everything"))
            {
                return true;
            }
        }

        return false;
    }
}
