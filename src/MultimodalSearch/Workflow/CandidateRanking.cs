namespace MultimodalSearch;

/// <summary>
/// Turns one search's candidates into the items shown: items already shown are dropped, items with more of the
/// requested attribute values come first (by score within each group), and each product appears once.
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
    /// <param name="distinctBy"><c>name</c>, a metadata attribute, or empty for no grouping.</param>
    /// <param name="count">How many to show.</param>
    /// <returns>At most <paramref name="count"/> items.</returns>
    public static IReadOnlyList<CatalogHit> Select(IReadOnlyList<CatalogHit> candidates, IReadOnlySet<string> excluded, IReadOnlyDictionary<string, string> attributes, string distinctBy, int count)
    {
        var ranked = candidates.Where(c => !excluded.Contains(c.Id));
        if (attributes.Count > 0)
        {
            // OrderBy is stable: within the same number of matches the search's order stays.
            ranked = ranked.OrderByDescending(c => AttributeText.Matches(c.Metadata, attributes));
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

    /// <summary>Gets what identifies an item's product, or null when it has nothing to group by.</summary>
    /// <param name="hit">The item.</param>
    /// <param name="distinctBy"><c>name</c>, a metadata attribute, or empty.</param>
    /// <returns>The key, or null.</returns>
    public static string? ProductKey(CatalogHit hit, string distinctBy)
    {
        var key = distinctBy.Length == 0 ? null
            : string.Equals(distinctBy, "name", StringComparison.OrdinalIgnoreCase) ? hit.Name
            : hit.Metadata.GetValueOrDefault(distinctBy);
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }
}
