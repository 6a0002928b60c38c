namespace MultimodalSearch.Evaluation;

/// <summary>
/// A search query with the relevance of catalog items judged for it: a text, a photo (a file, or the
/// stored embedding of a catalog item), or both, with an optional category filter.
/// </summary>
public sealed record JudgedQuery
{
    /// <summary>Gets the query's id, unique within its set (shown in reports and errors).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the words to search with, if any.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the path of a photo to embed and search with, if any.</summary>
    public string? ImagePath { get; init; }

    /// <summary>
    /// Gets the id of a catalog item whose stored image embedding is the photo, if any. That item is left
    /// out of the ranking, since finding the photo itself says nothing.
    /// </summary>
    public string? ImageItemId { get; init; }

    /// <summary>Gets the categories to search in; null or empty searches every category.</summary>
    public IReadOnlyCollection<string>? Categories { get; init; }

    /// <summary>Gets the relevance grade of judged items by id: above 0 is relevant (higher is better), 0 is judged not relevant.</summary>
    public required IReadOnlyDictionary<string, int> Relevance { get; init; }

    /// <summary>Gets ids left out of the ranking (besides <see cref="ImageItemId"/>).</summary>
    public IReadOnlyCollection<string> Exclude { get; init; } = [];

    /// <summary>Gets what the query searches with.</summary>
    public QueryKind Kind => HasPhoto ? (Text is null ? QueryKind.Photo : QueryKind.PhotoAndText) : QueryKind.Text;

    private bool HasPhoto => ImagePath is not null || ImageItemId is not null;

    /// <summary>Checks that the query can be evaluated on its own (not against a catalog).</summary>
    /// <exception cref="ArgumentException">No id, neither text nor photo, both a photo file and a photo item, an empty text, no relevant item, a negative grade, or a relevant item that is also excluded.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("A judged query needs a non-empty id.");
        }

        if (Text is null && !HasPhoto)
        {
            throw new ArgumentException($"Query '{Id}' has neither a text nor a photo.");
        }

        if (ImagePath is not null && ImageItemId is not null)
        {
            throw new ArgumentException($"Query '{Id}' names both a photo file and a catalog item as its photo; give one.");
        }

        if (Text is not null && string.IsNullOrWhiteSpace(Text))
        {
            throw new ArgumentException($"Query '{Id}' has an empty text.");
        }

        ArgumentNullException.ThrowIfNull(Relevance);
        if (Relevance.Values.Any(g => g < 0))
        {
            throw new ArgumentException($"Query '{Id}' has a negative relevance grade.");
        }

        if (!Relevance.Values.Any(g => g > 0))
        {
            throw new ArgumentException($"Query '{Id}' judges no item relevant; recall and nDCG need at least one.");
        }

        var excluded = ExcludedIds().FirstOrDefault(id => Relevance.GetValueOrDefault(id) > 0);
        if (excluded is not null)
        {
            throw new ArgumentException($"Query '{Id}' judges '{excluded}' relevant but also leaves it out of the ranking.");
        }
    }

    /// <summary>Gets every id left out of the ranking: <see cref="Exclude"/> and <see cref="ImageItemId"/>.</summary>
    /// <returns>The ids.</returns>
    internal IEnumerable<string> ExcludedIds() => ImageItemId is null ? Exclude : Exclude.Append(ImageItemId);
}
