using System.Globalization;

namespace MultimodalSearch;

/// <summary>
/// Suggests follow-up messages the shopper might send next, drawn from the catalog: another value of the attribute in
/// play ("in black"), "show me more", another category ("what about shoes?") and, for a shown item, "what goes with the first one?".
/// </summary>
internal static class FollowUpSuggestions
{
    /// <summary>The most suggestions made.</summary>
    public const int Max = 4;

    /// <summary>Suggests follow-ups for a result.</summary>
    /// <param name="understood">The request.</param>
    /// <param name="items">The items shown.</param>
    /// <returns>The suggestions, at most <see cref="Max"/>.</returns>
    public static IReadOnlyList<string> For(UnderstoodRequest understood, IReadOnlyList<FashionSearchItem> items)
    {
        var suggestions = new List<string>();
        var attributes = understood.Classification.Attributes;
        var facets = understood.Facets;

        // The attribute the shopper used, else the catalog's richest one (usually the colour).
        var attribute = attributes.Keys.FirstOrDefault(facets.Attributes.ContainsKey)
            ?? facets.Attributes.OrderByDescending(a => a.Value.Count).ThenBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key).FirstOrDefault();
        if (items.Count > 0 && attribute is not null && understood.Categories.Count > 0)
        {
            var shownValues = items.Select(i => i.Metadata.GetValueOrDefault(attribute)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var current = attributes.GetValueOrDefault(attribute);
            foreach (var value in facets.Attributes[attribute].Where(v => !shownValues.Contains(v) && !string.Equals(v, current, StringComparison.OrdinalIgnoreCase)).Take(2))
            {
                suggestions.Add(string.Create(CultureInfo.InvariantCulture, $"in {value} instead"));
            }
        }

        if (items.Count > 0)
        {
            suggestions.Add("show me more");
        }

        var other = facets.Categories.FirstOrDefault(c => !understood.Categories.Contains(c, StringComparer.Ordinal) && !string.Equals(c, understood.PhotoCategory, StringComparison.Ordinal));
        if (other is not null)
        {
            suggestions.Add(string.Create(CultureInfo.InvariantCulture, $"what about {other}?"));
        }

        if (items.Count > 0 && suggestions.Count < Max)
        {
            suggestions.Add("what goes with the first one?");
        }

        return [.. suggestions.Take(Max)];
    }
}
