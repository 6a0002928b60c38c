namespace MultimodalSearch;

/// <summary>Reads the descriptive metadata of a hit that the advice mentions.</summary>
internal static class CatalogHitDescription
{
    private static readonly string[] ColourKeys = ["baseColour", "baseColor", "colour", "color"];

    /// <summary>Gets the item's colour from its metadata (<c>baseColour</c>, as in the Fashion Product Images <c>styles.csv</c>, or <c>colour</c>/<c>color</c>), or null.</summary>
    /// <param name="hit">The hit.</param>
    /// <returns>The colour, lower case, or null.</returns>
    public static string? Colour(CatalogHit hit)
    {
        foreach (var key in ColourKeys)
        {
            foreach (var (name, value) in hit.Metadata)
            {
                if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
                {
                    return value.Trim().ToLowerInvariant();
                }
            }
        }

        return null;
    }

    /// <summary>Gets the name to show: the display name, or the id when the item has none.</summary>
    /// <param name="hit">The hit.</param>
    /// <returns>The name.</returns>
    public static string Name(CatalogHit hit) => string.IsNullOrWhiteSpace(hit.Name) ? hit.Id : hit.Name.Trim();

    /// <summary>Groups hits by the categories asked for, in that order; with none asked, by the hits' own categories in order of first appearance.</summary>
    /// <param name="categories">The categories asked for.</param>
    /// <param name="items">The hits.</param>
    /// <returns>Each category with its hits (possibly none).</returns>
    public static IReadOnlyList<(string Category, IReadOnlyList<CatalogHit> Items)> ByCategory(IReadOnlyList<string> categories, IReadOnlyList<CatalogHit> items)
    {
        var order = categories.Count > 0 ? categories : [.. items.Select(i => i.Category).Distinct(StringComparer.Ordinal)];
        return [.. order.Select(category => (category, (IReadOnlyList<CatalogHit>)[.. items.Where(i => string.Equals(i.Category, category, StringComparison.Ordinal))]))];
    }
}
