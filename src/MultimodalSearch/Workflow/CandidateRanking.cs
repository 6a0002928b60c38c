namespace MultimodalSearch;

/// <summary>
/// Turns one search's candidates into the items shown: items already shown and items whose metadata contradicts a
/// requested attribute value are dropped, items with the requested values come first (by score within each group),
/// and each product appears once.
/// </summary>
/// <remarks>
/// The search scores by meaning; the catalog's metadata says for certain which items are red. Putting the items whose
/// metadata has the requested values first makes "the same in red" red even when the photo pulls towards its own
/// colour, while the scores (photo and text together) still order the red ones, so the photo decides style and pattern.
/// </remarks>
internal static class CandidateRanking
{
    /// <summary>Selects the items to show.</summary>
    /// <param name="candidates">The search's candidates, best first.</param>
    /// <param name="excluded">Ids not to show (already shown, or the photo's own item).</param>
    /// <param name="attributes">The attribute values asked for.</param>
    /// <param name="kept">The attribute values to keep from the photo when nothing asked for decides ("like this": its pattern).</param>
    /// <param name="distinctBy"><c>name</c>, a metadata attribute, or empty for no grouping.</param>
    /// <param name="count">How many to show.</param>
    /// <returns>At most <paramref name="count"/> items.</returns>
    public static IReadOnlyList<CatalogHit> Select(IReadOnlyList<CatalogHit> candidates, IReadOnlySet<string> excluded, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> kept, string distinctBy, int count)
    {
        // An item whose metadata says otherwise is not what was asked for ("black" never shows a brown one); an item
        // without the attribute may be, so it stays, after those that have it.
        var ranked = candidates.Where(c => !excluded.Contains(c.Id) && !Contradicts(c.Metadata, attributes));
        if (attributes.Count > 0 || kept.Count > 0)
        {
            // OrderBy is stable: within the same number of matches the search's order stays.
            ranked = ranked.OrderByDescending(c => AttributeText.Matches(c.Metadata, attributes)).ThenByDescending(c => AttributeText.Matches(c.Metadata, kept));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var selected = new List<CatalogHit>(count);
        foreach (var candidate in ranked)
        {
            var key = ProductKey(candidate, distinctBy);
            if (key is not null && !seen.Add(key))
            {
                continue;
            }

            selected.Add(candidate);
            if (selected.Count == count)
            {
                break;
            }
        }

        return selected;
    }

    private static bool Contradicts(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (attribute, value) in attributes)
        {
            if (metadata.TryGetValue(attribute, out var actual) && actual.Trim().Length > 0 && !string.Equals(actual.Trim(), value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets whether products are told apart by their display names.</summary>
    /// <param name="distinctBy">The option's value.</param>
    /// <returns>True for <c>name</c>.</returns>
    public static bool IsNameGrouping(string distinctBy) => string.Equals(distinctBy, "name", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets what identifies an item's product, or null when it has nothing to group by.</summary>
    /// <param name="hit">The item.</param>
    /// <param name="distinctBy"><c>name</c>, a metadata attribute, or empty.</param>
    /// <returns>The key, or null.</returns>
    public static string? ProductKey(CatalogHit hit, string distinctBy)
    {
        var key = distinctBy.Length == 0 ? null
            : IsNameGrouping(distinctBy) ? hit.Name
            : hit.Metadata.GetValueOrDefault(distinctBy);
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }
}
