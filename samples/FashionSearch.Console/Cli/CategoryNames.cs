using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>Matches the categories a person typed to the catalog's own, whatever the case.</summary>
internal static class CategoryNames
{
    /// <summary>The catalog's names for <paramref name="typed"/>, in order, without repeats.</summary>
    /// <exception cref="UsageException">A name is not a category of the catalog: the message lists the ones there are.</exception>
    public static async Task<IReadOnlyList<string>> ResolveAsync(ICatalogStore store, IReadOnlyList<string> typed, CancellationToken cancellationToken)
    {
        if (typed.Count == 0)
        {
            return [];
        }

        var known = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var resolved = new List<string>();
        foreach (var name in typed)
        {
            var match = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.Ordinal))
                ?? known.FirstOrDefault(k => string.Equals(k, name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"The catalog has no category '{name}'; it has: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            if (!resolved.Contains(match, StringComparer.Ordinal))
            {
                resolved.Add(match);
            }
        }

        return resolved;
    }
}
