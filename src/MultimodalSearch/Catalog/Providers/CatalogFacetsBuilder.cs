namespace MultimodalSearch.Catalog.Providers;

/// <summary>
/// For store authors: builds <see cref="CatalogFacets"/> the way every store does, collecting categories and attribute
/// values item by item and dropping attributes that stop being a vocabulary (more than
/// <see cref="CatalogFacets.MaxValuesPerAttribute"/> values, or values longer than <see cref="CatalogFacets.MaxValueLength"/>).
/// </summary>
/// <remarks>Not thread-safe: one builder per listing.</remarks>
public sealed class CatalogFacetsBuilder
{
    private readonly SortedSet<string> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>?> _attributes = new(StringComparer.Ordinal);

    /// <summary>Adds one item.</summary>
    /// <param name="category">The item's category.</param>
    /// <param name="metadata">The item's metadata.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Add(string category, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(metadata);
        _categories.Add(category);
        foreach (var (key, value) in metadata)
        {
            if (!_attributes.TryGetValue(key, out var values))
            {
                _attributes[key] = values = new SortedSet<string>(StringComparer.Ordinal);
            }

            if (values is null)
            {
                continue;
            }

            var trimmed = value.Trim();
            if (trimmed.Length > CatalogFacets.MaxValueLength || (values.Add(trimmed) && values.Count > CatalogFacets.MaxValuesPerAttribute))
            {
                // Null marks an attribute that is not a vocabulary (too many values, or free text), so it stays out.
                _attributes[key] = null;
            }
        }
    }

    /// <summary>Builds the facets.</summary>
    /// <returns>The facets.</returns>
    public CatalogFacets Build() => new()
    {
        Categories = [.. _categories],
        Attributes = _attributes
            .Where(a => a.Value is { Count: > 0 })
            .ToDictionary(a => a.Key, a => (IReadOnlyList<string>)[.. a.Value!.Where(v => v.Length > 0)], StringComparer.Ordinal),
    };
}
