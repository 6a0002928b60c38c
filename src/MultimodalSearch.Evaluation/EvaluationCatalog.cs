using System.Numerics.Tensors;

namespace MultimodalSearch.Evaluation;

/// <summary>
/// What an evaluation needs of every catalog item, read once from the store: its labels and its
/// mean-pooled vector (a catalog of any size fits, since the 32 query vectors are not kept).
/// </summary>
internal sealed class EvaluationCatalog
{
    private readonly Dictionary<string, int> _index;

    private EvaluationCatalog(LabelledItem[] items, float[][] pooled, int dimensions)
    {
        Items = items;
        Pooled = pooled;
        Dimensions = dimensions;
        _index = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            _index[items[i].Id] = i;
        }

        Categories = items.Select(i => i.Category).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the items, sorted by id.</summary>
    public IReadOnlyList<LabelledItem> Items { get; }

    /// <summary>Gets the mean-pooled, normalised vector of each item, in the order of <see cref="Items"/>.</summary>
    public IReadOnlyList<float[]> Pooled { get; }

    /// <summary>Gets the vector width (0 for an empty catalog).</summary>
    public int Dimensions { get; }

    /// <summary>Gets the categories of the items.</summary>
    public IReadOnlySet<string> Categories { get; }

    public bool Contains(string id) => _index.ContainsKey(id);

    /// <summary>Reads every item of <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="parallelism">How many items are read at once.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="CatalogStoreException">The store failed, or lost an item while it was read.</exception>
    public static async Task<EvaluationCatalog> ReadAsync(ICatalogStore store, int parallelism, CancellationToken cancellationToken)
    {
        var ids = (await store.GetContentHashesAsync(cancellationToken).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal).ToArray();
        var items = new LabelledItem[ids.Length];
        var pooled = new float[ids.Length][];
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var item = await store.GetAsync(ids[i], ct).ConfigureAwait(false)
                ?? throw new CatalogStoreException("evaluate", $"Item '{ids[i]}' was deleted while the catalog was read for evaluation.");
            items[i] = LabelledItem.From(item);
            pooled[i] = EmbeddingSimilarity.MeanPool(item.Embedding);
        }).ConfigureAwait(false);
        return new EvaluationCatalog(items, pooled, pooled.Length == 0 ? 0 : pooled[0].Length);
    }

    /// <summary>
    /// Ranks the items in <paramref name="categories"/> (all when null or empty) by
    /// <c>(textWeight * text . pooled + imageWeight * photo . pooled) / (textWeight + imageWeight)</c>, best first, ties by id.
    /// </summary>
    public List<string> RankMeanPooled(float[]? text, float[]? photo, float textWeight, float imageWeight, IReadOnlyCollection<string>? categories, IReadOnlySet<string> excluded, int depth)
    {
        var filter = categories is { Count: > 0 } ? categories.ToHashSet(StringComparer.Ordinal) : null;
        var wt = text is null ? 0f : textWeight;
        var wi = photo is null ? 0f : imageWeight;
        var scored = new List<(string Id, float Score)>();
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            if ((filter is not null && !filter.Contains(item.Category)) || excluded.Contains(item.Id))
            {
                continue;
            }

            var score = 0f;
            if (wt > 0)
            {
                score += wt * TensorPrimitives.Dot(text, Pooled[i]);
            }

            if (wi > 0)
            {
                score += wi * TensorPrimitives.Dot(photo, Pooled[i]);
            }

            scored.Add((item.Id, score / (wt + wi)));
        }

        scored.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Id, b.Id);
        });
        return scored.Take(depth).Select(s => s.Id).ToList();
    }
}
