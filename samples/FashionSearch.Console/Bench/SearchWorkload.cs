using MultimodalSearch;

namespace FashionSearch.Console.Bench;

/// <summary>
/// The searches a store is timed with, made from its own catalog: text and photo queries, k = 10, each filtered
/// to one category (as the shopping workflow searches).
/// </summary>
internal sealed class SearchWorkload
{
    private const int Photos = 8;

    private SearchWorkload(CatalogQuery[] text, CatalogQuery[] image, long items)
    {
        Text = text;
        Image = image;
        Items = items;
    }

    public IReadOnlyList<CatalogQuery> Text { get; }

    public IReadOnlyList<CatalogQuery> Image { get; }

    public long Items { get; }

    public static async Task<SearchWorkload> CreateAsync(IMultimodalEmbedder embedder, ICatalogStore store, CancellationToken cancellationToken)
    {
        var items = await store.CountAsync(cancellationToken).ConfigureAwait(false);
        var categories = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var texts = categories.SelectMany(c => new[] { c, $"a black {c}", $"a striped {c}" }).ToArray();
        var embeddings = await embedder.EmbedTextsAsync(texts, cancellationToken).ConfigureAwait(false);
        var text = texts.Select((_, i) => new CatalogQuery { Text = embeddings[i], Categories = [categories[i / 3]], Top = 10 }).ToArray();

        var ids = (await store.GetContentHashesAsync(cancellationToken).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal).ToArray();
        var image = new List<CatalogQuery>();
        for (var i = 0; i < Math.Min(Photos, ids.Length); i++)
        {
            // Spread over the catalog, so that the photos fall in different categories.
            var item = await store.GetAsync(ids[i * ids.Length / Photos], cancellationToken).ConfigureAwait(false);
            if (item is not null)
            {
                image.Add(new CatalogQuery { Image = item.Embedding, Categories = [item.Category], Top = 10 });
            }
        }

        return new SearchWorkload(text, [.. image], items);
    }
}
