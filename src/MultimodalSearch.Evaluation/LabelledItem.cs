namespace MultimodalSearch.Evaluation;

/// <summary>A catalog item's id, category and metadata: what relevance is judged from.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Category">The item's category.</param>
/// <param name="Metadata">The item's metadata (colour, pattern, ...).</param>
public sealed record LabelledItem(string Id, string Category, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Takes the labels of <paramref name="item"/>.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static LabelledItem From(CatalogItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.Category, item.Metadata);
    }
}
