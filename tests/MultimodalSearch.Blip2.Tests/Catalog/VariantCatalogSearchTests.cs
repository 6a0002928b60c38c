using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Blip2.Tests.Catalog;

/// <summary>
/// Recall where approximate search finds it hardest: near-duplicate renders of the demo products
/// (<see cref="VariantCatalog"/>), embedded by the demo model. The embedded store is exact by construction, so the
/// tolerance is none: every photo and text search returns the brute-force top 10, ids and scores
/// (recall@10 = 1; the floor for any store is 0.95).
/// </summary>
[Collection(Blip2Collection.Name)]
public sealed class VariantCatalogSearchTests(Blip2EmbedderFixture models) : IDisposable
{
    // 30 products x 8 renders = 240 images, embedded once; the float16 store gets the same vectors.
    private const int Products = 30;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mms-variants-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Photo_and_text_searches_on_near_duplicate_renders_return_the_exact_top_10()
    {
        var catalog = VariantCatalog.Write(Path.Combine(_directory, "catalog"), Products);
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_directory, "store") });
        var ingested = await new CatalogIngestor(models.Demo, store).IngestAsync(CatalogSource.Open(catalog.Directory));
        Assert.Empty(ingested.Failed);
        var items = new List<CatalogItem>();
        foreach (var entry in catalog.Entries)
        {
            items.Add((await store.GetAsync(entry.Id))!);
        }

        using var halves = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_directory, "halves"), VectorPrecision = EmbeddedVectorPrecision.Float16 });
        await halves.UpsertAsync(items);
        var queries = Queries(items);
        await AssertExactAsync(store, items, queries, vectors => vectors.ToArray());
        await AssertExactAsync(halves, items, queries, vectors => Array.ConvertAll(vectors.ToArray(), v => (float)(Half)v));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static List<CatalogQuery> Queries(List<CatalogItem> items)
    {

        var queries = new List<CatalogQuery>();
        foreach (var item in items.Where((_, i) => i % 7 == 0))
        {
            queries.Add(new CatalogQuery { Image = item.Embedding, Top = 10 });
            queries.Add(new CatalogQuery { Image = item.Embedding, Categories = [item.Category], Top = 10 });
            queries.Add(new CatalogQuery { Image = item.Embedding, ImageSimilarity = ImageSimilarity.BestPair, Top = 10 });
        }

        var reference = DemoReference.Instance;
        for (var q = 0; q < reference.Queries.Count; q++)
        {
            queries.Add(new CatalogQuery { Text = reference.QueryTextEmbedding(q), Top = 10 });
            queries.Add(new CatalogQuery { Text = reference.QueryTextEmbedding(q), Image = items[q * 19 % items.Count].Embedding, TextWeight = 0.6f, ImageWeight = 0.4f, Top = 10 });
        }

        return queries;
    }

    private static async Task AssertExactAsync(EmbeddedCatalogStore store, List<CatalogItem> items, List<CatalogQuery> queries, Func<ReadOnlyMemory<float>, float[]> asStored)
    {
        foreach (var query in queries)
        {
            var expected = CatalogItems.ExpectedHits(items, query, asStored);
            var hits = await store.SearchAsync(query);
            Assert.Equal(1.0, RecallAtK.Of(expected, hits));
            Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
        }
    }
}
