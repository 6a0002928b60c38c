using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>The offline reading of how a message continues the conversation: "show me more", "in red instead", "what about shoes?".</summary>
internal static class FollowUpCues
{
    private static readonly FrozenSet<string> More = FrozenSet.Create(StringComparer.Ordinal, "more", "another", "others", "additional", "extra", "next");
    private static readonly FrozenSet<string> Anywhere = FrozenSet.Create(StringComparer.Ordinal, "instead", "too", "rather", "either", "now", "again");
    private static readonly string[][] Openers = [["what", "about"], ["how", "about"], ["and"], ["also"], ["what", "if"], ["same", "for"], ["then"], ["ok"], ["okay"], ["any"], ["in"]];

    /// <summary>Reads the follow-up kind a message states.</summary>
    /// <param name="tokens">The message's tokens.</param>
    /// <param name="namesCategory">Whether the message names a catalog category.</param>
    /// <param name="changesSomething">Whether the message names attribute values or a relation to the photo (a change with no category: "in red").</param>
    /// <param name="namesUnmatched">Whether the message asks for something the catalog does not have (a new request, not a change).</param>
    /// <returns>The kind; <see cref="FollowUpKind.New"/> when the message stands on its own.</returns>
    public static FollowUpKind Read(IReadOnlyList<string> tokens, bool namesCategory, bool changesSomething, bool namesUnmatched)
    {
        if (tokens.Any(More.Contains))
        {
            return FollowUpKind.More;
        }

        if (namesUnmatched && !namesCategory)
        {
            return FollowUpKind.New;
        }

        var elliptical = tokens.Any(Anywhere.Contains) || Openers.Any(opener => StartsWith(tokens, opener));
        return elliptical || (!namesCategory && changesSomething) ? FollowUpKind.Refine : FollowUpKind.New;
    }

    private static bool StartsWith(IReadOnlyList<string> tokens, string[] opener) =>
        tokens.Count >= opener.Length && opener.Select((word, i) => string.Equals(tokens[i], word, StringComparison.Ordinal)).All(b => b);
}
