using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>
/// The offline reading of how a message relates to its photo: the phrases that ask for something like it
/// ("like this", "the same in red", "this in blue", "do you have this in ...") or for something to wear with it
/// ("goes with", "complete the outfit", "to wear with").
/// </summary>
internal static class PhotoRelationCues
{
    private static readonly string[][] Complement = Phrases(
        "go with", "goes with", "going with", "went with", "wear with", "wear it with", "wear this with", "pair with", "pairs with", "pair it with",
        "pair this with", "match", "matches", "matching", "complete", "completes", "completing", "complement", "complements", "coordinate",
        "coordinates", "style with", "style it", "style this", "team with", "combine with", "combined with", "outfit with", "outfit for",
        "what else", "to go", "together with", "accessorize", "accessorise");

    private static readonly string[][] Similar = Phrases(
        "like this", "like that", "like these", "like those", "like it", "like mine", "like the one", "like this one", "like that one",
        "same", "similar", "identical", "resembling", "resembles", "lookalike", "look alike", "looks like", "alike", "version", "versions",
        "variant", "variants", "alternative", "alternatives", "this in", "that in", "it in", "these in", "those in", "one in", "ones in",
        "this but", "that but", "it but", "have this", "have that", "have it", "got this", "have these", "another colour", "another color",
        "other colour", "other color", "other colours", "other colors", "different colour", "different color", "more like", "like the");

    private static readonly FrozenSet<string> Ordinary = FrozenSet.Create(StringComparer.Ordinal, "would", "id", "i", "we", "really", "dont", "do", "you", "also");

    /// <summary>Reads the relation a message states; <see cref="PhotoRelation.None"/> when it states none.</summary>
    /// <param name="tokens">The message's tokens.</param>
    /// <returns>The relation; "goes with" wins over "like this" ("something like this to go with my jeans").</returns>
    public static PhotoRelation Find(IReadOnlyList<string> tokens)
    {
        if (Contains(tokens, Complement))
        {
            return PhotoRelation.Complement;
        }

        return Contains(tokens, Similar) ? PhotoRelation.Similar : PhotoRelation.None;
    }

    private static bool Contains(IReadOnlyList<string> tokens, string[][] phrases)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var phrase in phrases)
            {
                if (Matches(tokens, i, phrase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // "I'd like this": "like" after "would"/"I" is the verb, not a comparison.
    private static bool Matches(IReadOnlyList<string> tokens, int start, string[] phrase)
    {
        if (start + phrase.Length > tokens.Count)
        {
            return false;
        }

        for (var j = 0; j < phrase.Length; j++)
        {
            if (!string.Equals(tokens[start + j], phrase[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return phrase[0] != "like" || start == 0 || !Ordinary.Contains(tokens[start - 1]);
    }

    private static string[][] Phrases(params string[] phrases) => [.. phrases.Select(p => p.Split(' '))];
}
