using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>
/// Cuts a message into one search text per category it names: the words of the phrase around the category's
/// name ("green" for the jacket, "brown" for the shoes in "a green jacket and brown shoes"), with the catalog's
/// own name for the category, and without counts and request words.
/// </summary>
/// <remarks>
/// Embedding the whole message for every category lets one category's colour pull another's results
/// ("green jacket and brown shoes" finds green shoes too); the measurements are in docs/workflow.md.
/// </remarks>
internal static class CategoryPhrases
{
    private static readonly FrozenSet<string> PhraseEnds = FrozenSet.Create(StringComparer.Ordinal, MessageText.Break, "and", "or", "with", "plus", "but", "also", "then", "nor", "to", "for");

    private static readonly FrozenSet<string> Filler = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "an", "the", "some", "any", "me", "i", "im", "id", "ive", "we", "you", "my", "our", "your", "please", "show", "find", "get", "give", "see",
        "need", "want", "would", "like", "love", "looking", "look", "search", "searching", "buy", "can", "could", "have", "has", "is", "are",
        "of", "pair", "pairs", "several", "few", "couple", "dozen", "single", "one", "more", "many", "multiple", "various", "options",
        "this", "that", "these", "those", "it", "them", "something", "anything", "maybe", "also", "just", "really", "very", "too");

    /// <summary>Gets the search text of every category <paramref name="message"/> names (and does not negate).</summary>
    /// <param name="message">The message.</param>
    /// <param name="vocabulary">The catalog's vocabulary.</param>
    /// <returns>The search text per category; categories the message does not name are absent.</returns>
    public static IReadOnlyDictionary<string, string> Extract(string message, CategoryVocabulary vocabulary)
    {
        var tokens = MessageText.Tokenize(message);
        var numbers = NumberWords.Find(tokens);
        var mentions = vocabulary.FindMentions(tokens);
        var phrases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var m = 0; m < mentions.Count; m++)
        {
            var mention = mentions[m];
            var floor = m > 0 ? mentions[m - 1].Start + mentions[m - 1].Length : 0;
            var ceiling = m + 1 < mentions.Count ? mentions[m + 1].Start : tokens.Count;
            var start = mention.Start;
            while (start > floor && !PhraseEnds.Contains(tokens[start - 1]))
            {
                start--;
            }

            var end = mention.Start + mention.Length;
            while (end < ceiling && !PhraseEnds.Contains(tokens[end]))
            {
                end++;
            }

            var before = Range(tokens, numbers, start, mention.Start);
            if (before.Any(KeywordIntentClassifier.IsNegation))
            {
                continue;
            }

            if (!phrases.TryGetValue(mention.Category, out var words))
            {
                phrases[mention.Category] = words = [];
            }

            words.AddRange(before);
            words.Add(mention.Category);
            words.AddRange(Range(tokens, numbers, mention.Start + mention.Length, end));
        }

        return phrases.ToDictionary(p => p.Key, p => string.Join(' ', p.Value.Distinct(StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Range(IReadOnlyList<string> tokens, long?[] numbers, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (numbers[i] is null && !Filler.Contains(tokens[i]))
            {
                yield return tokens[i];
            }
        }
    }
}
