using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>
/// Finds a reference to an item shown earlier: "the second one", "the 3rd jacket", "number 2", "option 1", "the last one".
/// </summary>
internal static class ItemReference
{
    private static readonly FrozenDictionary<string, int> Ordinals = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3, ["fourth"] = 4, ["4th"] = 4,
        ["fifth"] = 5, ["5th"] = 5, ["sixth"] = 6, ["6th"] = 6, ["seventh"] = 7, ["7th"] = 7, ["eighth"] = 8, ["8th"] = 8,
        ["ninth"] = 9, ["9th"] = 9, ["tenth"] = 10, ["10th"] = 10, ["last"] = -1, ["final"] = -1,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> ItemNouns = FrozenSet.Create(StringComparer.Ordinal, "one", "item", "product", "option", "pick", "result", "choice", "suggestion");
    private static readonly FrozenSet<string> NumberNouns = FrozenSet.Create(StringComparer.Ordinal, "number", "no", "item", "option", "product", "result", "choice", "pick");

    /// <summary>Finds the shown item a message refers to.</summary>
    /// <param name="tokens">The message's tokens.</param>
    /// <param name="mentions">The category mentions in the message ("the second jacket" counts among the jackets).</param>
    /// <param name="shown">The items shown in the last turn, in order.</param>
    /// <returns>The item, or null when the message refers to none (or to one that was not shown).</returns>
    public static ConversationItem? Find(IReadOnlyList<string> tokens, IReadOnlyList<CategoryMention> mentions, IReadOnlyList<ConversationItem> shown)
    {
        if (shown.Count == 0)
        {
            return null;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var (position, next) = Position(tokens, mentions, i);
            if (position == 0)
            {
                continue;
            }

            // "the second jacket": counted among the shown jackets; "the second one": among everything shown.
            var mention = mentions.FirstOrDefault(m => m.Start == next);
            var pool = mention.Category is null ? shown : [.. shown.Where(s => string.Equals(s.Category, mention.Category, StringComparison.Ordinal))];
            var index = position > 0 ? position - 1 : pool.Count + position;
            if (index >= 0 && index < pool.Count)
            {
                return pool[index];
            }
        }

        return null;
    }

    private static (int Position, int Next) Position(IReadOnlyList<string> tokens, IReadOnlyList<CategoryMention> mentions, int i)
    {
        if (Ordinals.TryGetValue(tokens[i], out var ordinal))
        {
            // "the second one", "the 3rd jacket", or "the second" standing alone ("the second, but in blue").
            var next = i + 1;
            var named = next < tokens.Count && (ItemNouns.Contains(tokens[next]) || mentions.Any(m => m.Start == next));
            var alone = i > 0 && tokens[i - 1] is "the" or "that" or "your"
                && (next == tokens.Count || tokens[next] is MessageText.Break or "but" or "in" or "please" or "instead" or "again");
            return named || alone ? (ordinal, next) : (0, 0);
        }

        // "number 2", "option 3", "item 1".
        if (NumberNouns.Contains(tokens[i]) && i + 1 < tokens.Count && int.TryParse(tokens[i + 1], out var number) && number is > 0 and <= 100)
        {
            return (number, i + 2);
        }

        return (0, 0);
    }
}
