using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>Regular English plural and singular forms, enough for clothing words.</summary>
internal static class EnglishPlural
{
    // Plural in form, one item in meaning: "a pair of jeans" is one, and so, to a shopper, are "brown shoes".
    private static readonly FrozenSet<string> OneItemPlurals = FrozenSet.Create(
        StringComparer.Ordinal,
        "pants", "trousers", "jeans", "shorts", "leggings", "tights", "chinos", "slacks", "joggers", "sweatpants", "khakis", "overalls",
        "pajamas", "pyjamas", "briefs", "boxers", "shoes", "sneakers", "trainers", "boots", "loafers", "sandals", "heels", "flats",
        "socks", "glasses", "sunglasses", "gloves", "mittens", "earrings", "clothes", "footwear");

    /// <summary>Gets whether a word names several items: a regular plural that is not one of the words that name one item in the plural ("pants", "shoes").</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>True for "shirts", "coats", "tees"; false for "shirt", "pants", "shoes", "dress".</returns>
    public static bool IsPluralItem(string word) => Singularize(word) is not null && !OneItemPlurals.Contains(word);

    /// <summary>Gets the regular plural of <paramref name="word"/> (shirt, shirts; dress, dresses; hoodie, hoodies; jersey, jerseys).</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The plural.</returns>
    public static string Pluralize(string word)
    {
        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal))
        {
            return word + "es";
        }

        if (word.Length > 1 && word.EndsWith('y') && !IsVowel(word[^2]))
        {
            return word[..^1] + "ies";
        }

        return word + "s";
    }

    /// <summary>Gets the singular of a regular plural, or null when <paramref name="word"/> does not look plural.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The singular, or null.</returns>
    public static string? Singularize(string word)
    {
        if (word.Length < 3 || !word.EndsWith('s') || word.EndsWith("ss", StringComparison.Ordinal))
        {
            return null;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        return word[..^1];
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
