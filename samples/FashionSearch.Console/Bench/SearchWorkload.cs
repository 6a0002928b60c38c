using MultimodalSearch;

namespace FashionSearch.Console.Bench;

/// <summary>
/// The searches a store is timed with, made from its own catalog: text and photo queries, k = 10, each filtered
/// to one category (as the shopping workflow searches), and how many items each category holds.
/// </summary>
internal sealed class SearchWorkload
{
    private const int Photos = 8;

    private SearchWorkload(CatalogQuery[] text, CatalogQuery[] image, Dictionary<string, int> categorySizes, int vectorFloats, long items)
    {
        Text = text;
        Image = image;
        CategorySizes = categorySizes;
        VectorFloatsPerItem = vectorFloats;
        Items = items;
    }

    public IReadOnlyList<CatalogQuery> Text { get; }

    public IReadOnlyList<CatalogQuery> Image { get; }

    public IReadOnlyDictionary<string, int> CategorySizes { get; }

    /// <summary>Gets the floats of one item's query vectors (32 x 256 for BLIP-2).</summary>
    public int VectorFloatsPerItem { get; }

    public long Items { get; }

    public static async Task<SearchWorkload> CreateAsync(IMultimodalEmbedder embedder, ICatalogStore store, CancellationToken cancellationToken)
    {
        var items = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        var categories = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var texts = categories.SelectMany(c => new[] { c, $"a black {c}", $"a striped {c}" }).ToArray();
        var embeddings = await embedder.EmbedTextsAsync(texts, cancellationToken).ConfigureAwait(false);
        var text = texts.Select((_, i) => new CatalogQuery { Text = embeddings[i], Categories = [categories[i / 3]], Top = 10 }).ToArray();

        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var all = new CatalogQuery { Text = embeddings[0], Categories = [category], Top = (int)Math.Min(items, int.MaxValue) };
            sizes[category] = (await store.SearchAsync(all, cancellationToken).ConfigureAwait(false)).Count;
        }

        var ids = (await store.GetContentHashesAsync(cancellationToken).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal).ToArray();
        var image = new List<CatalogQuery>();
        var vectorFloats = 0;
        for (var i = 0; i < Math.Min(Photos, ids.Length); i++)
        {
            // Spread over the catalog, so that the photos fall in different categories.
            var item = await store.GetAsync(ids[i * ids.Length / Photos], cancellationToken).ConfigureAwait(false);
            if (item is not null)
            {
                image.Add(new CatalogQuery { Image = item.Embedding, Categories = [item.Category], Top = 10 });
                vectorFloats = item.Embedding.Vectors.Length;
            }
        }

        return new SearchWorkload(text, [.. image], sizes, vectorFloats, items);
    }
}
