using System.Numerics.Tensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// Photo search on the int8 copy (<see cref="EmbeddedCatalogStoreOptions.QuantizedScan"/>): with the default exact
/// cut, results equal the exhaustive search (same ids, bit-identical scores) on catalogs of several sizes, categories
/// and precisions, for mean-of-best-matches, best-pair and fused queries, near-ties and duplicates, after reopening and
/// after a rewrite; the int8 pass really runs (counted), or really does not where the option is off or AVX-VNNI is
/// absent (simulated by <see cref="EmbeddedCatalogStoreOptions.VnniOverride"/>; true forces the int8 scan's scalar
/// path on CPUs without AVX-VNNI, so these tests check the same search everywhere); the option binds from configuration. Tolerance: none.
/// </summary>
public sealed class EmbeddedCatalogQuantizedSearchTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32, 300, 1)]
    [InlineData(EmbeddedVectorPrecision.Float16, 300, 3)]
    [InlineData(EmbeddedVectorPrecision.Float32, 1000, 3)]
    [InlineData(EmbeddedVectorPrecision.Float16, 1000, 6)]
    public async Task Int8_photo_searches_equal_the_exhaustive_search(EmbeddedVectorPrecision precision, int count, int categories)
    {
        var items = ClusteredItems(count, categories, seed: count + categories);
        await using var store = await Open(precision, quantized: true);
        await store.UpsertAsync(items);
        var photo = Variant(items[17].Embedding.Vectors.ToArray(), new Random(1), 0.05f);

        foreach (var query in Queries(items, photo))
        {
            AssertExact(store, items, query, precision);
        }

        // The int8 pass ran, and its proven cut left the float scan a part of the catalog (clustered items: most are far).
        var statistics = new SearchStatistics();
        store.SearchWith(new CatalogQuery { Image = new ImageEmbedding(photo, 32) }, quantized: true, rescoreFactor: 0, statistics);
        Assert.Equal(count, statistics.QuantizedScanned);
        Assert.InRange(statistics.FloatScanned, 10, count / 2);
    }

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(EmbeddedVectorPrecision.Float16, ImageSimilarity.BestPair)]
    public async Task Int8_search_ranks_near_ties_and_duplicates_exactly(EmbeddedVectorPrecision precision, ImageSimilarity kind)
    {
        // 400 copies of one photo with noise of about 1e-7 (every fifth an exact copy): far below the int8 scan's error,
        // so the int8 cut keeps them all and only the float scan and the exact re-scoring order them.
        var photo = SyntheticEmbeddings.NormalisedRows(7, 64, 13);
        var random = new Random(3);
        var items = Enumerable.Range(0, 400).Select(i =>
        {
            var vectors = (float[])photo.Clone();
            if (i % 5 != 0)
            {
                for (var v = 0; v < vectors.Length; v++)
                {
                    vectors[v] += (float)((random.NextDouble() - 0.5) * 2e-7);
                }
            }

            return new CatalogItem { Id = $"item-{i:D3}", Category = i % 2 == 0 ? "even" : "odd", Embedding = new ImageEmbedding(vectors, 13) };
        }).ToList();
        await using var store = await Open(precision, quantized: true);
        await store.UpsertAsync(items);

        AssertExact(store, items, new CatalogQuery { Image = new ImageEmbedding(photo, 13), ImageSimilarity = kind, Top = 15 }, precision);
    }

    [Fact]
    public async Task The_int8_copy_is_rebuilt_on_reopening_and_follows_rewrites()
    {
        var items = ClusteredItems(600, 2, seed: 9);
        var photo = Variant(items[3].Embedding.Vectors.ToArray(), new Random(2), 0.05f);
        var query = new CatalogQuery { Image = new ImageEmbedding(photo, 32), Top = 20 };
        await using (var store = await Open(EmbeddedVectorPrecision.Float32, quantized: true))
        {
            await store.UpsertAsync(items);

            // Deleting most of a category rewrites its partition (dead slots outnumber live ones), copy included.
            await store.DeleteAsync([.. items.Where((item, i) => item.Category == "category-0" && i % 10 != 0).Select(item => item.Id)]);
        }

        var kept = items.Where((item, i) => item.Category != "category-0" || i % 10 == 0).ToList();
        await using var reopened = await Open(EmbeddedVectorPrecision.Float32, quantized: true);
        AssertExact(reopened, kept, query, EmbeddedVectorPrecision.Float32);
        var statistics = new SearchStatistics();
        reopened.SearchWith(query, quantized: true, rescoreFactor: 0, statistics);
        Assert.Equal(kept.Count, statistics.QuantizedScanned);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Without_the_option_or_without_Vnni_photo_search_uses_the_float_kernel(bool quantizedScan, bool vnni)
    {
        var items = ClusteredItems(300, 2, seed: 4);
        await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions
        {
            Directory = _directory.Path,
            QuantizedScan = quantizedScan,
            VnniOverride = vnni,
        });
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Image = items[5].Embedding };

        AssertExact(store, items, query, EmbeddedVectorPrecision.Float32);
        var statistics = new SearchStatistics();
        store.SearchWith(query, quantized: true, rescoreFactor: 0, statistics);
        Assert.Equal(0, statistics.QuantizedScanned);
        Assert.Equal(300, statistics.FloatScanned);
    }

    [Theory]
    [InlineData(272)]
    [InlineData(20)]
    public async Task Widths_the_int8_kernel_does_not_run_for_keep_no_copy_and_search_exactly(int dimensions)
    {
        var items = Enumerable.Range(0, 300).Select(i => CatalogItems.Create($"item-{i:D3}", "c" + (i % 2), seed: i, dimensions, queryCount: 4)).ToList();
        await using var store = await Open(EmbeddedVectorPrecision.Float32, quantized: true);
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Image = SyntheticEmbeddings.Image(77, dimensions, 4) };

        AssertExact(store, items, query, EmbeddedVectorPrecision.Float32);
        var statistics = new SearchStatistics();
        store.SearchWith(query, quantized: true, rescoreFactor: 0, statistics);
        Assert.Equal(0, statistics.QuantizedScanned);
        Assert.Null(Assert.Single(store.CurrentSnapshot.Partitions.Values.Take(1)).Quantized);
    }

    [Fact]
    public async Task The_approximate_search_rescores_factor_times_k_items_with_exact_scores()
    {
        // Not an option (measured at most 1.17x faster than the exact cut): the benchmarks' comparison, through SearchWith.
        var items = ClusteredItems(500, 2, seed: 6);
        await using var store = await Open(EmbeddedVectorPrecision.Float32, quantized: true);
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Image = new ImageEmbedding(Variant(items[8].Embedding.Vectors.ToArray(), new Random(4), 0.05f), 32) };
        var statistics = new SearchStatistics();

        var hits = store.SearchWith(query, quantized: true, rescoreFactor: 3, statistics);

        // Scores are exact (the approximation is only in which items are re-scored); here the top 10 is found.
        var all = store.SearchExhaustively(query with { Top = 500 }).ToDictionary(hit => hit.Id, hit => hit.Score);
        Assert.All(hits, hit => Assert.Equal(all[hit.Id], hit.Score));
        Assert.Equal(store.SearchExhaustively(query).Select(h => h.Id), hits.Select(h => h.Id));
        Assert.Equal(30, statistics.Rescored);

        // A factor covering the whole catalog re-scores everything: the exhaustive result.
        Assert.Equal(
            store.SearchExhaustively(query with { Top = 7 }).Select(h => (h.Id, h.Score)),
            store.SearchWith(query with { Top = 7 }, quantized: true, rescoreFactor: 100).Select(h => (h.Id, h.Score)));
    }

    [Theory]
    [InlineData("false", 0)]
    [InlineData("true", 300)]
    public async Task QuantizedScan_binds_from_configuration(string value, int quantizedScanned)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MultimodalSearch:Embedded:Directory"] = _directory.Path,
            ["MultimodalSearch:Embedded:QuantizedScan"] = value,
        }).Build();
        await using var provider = new ServiceCollection().AddMultimodalFashionSearch(configuration).AddEmbeddedCatalog(options => options.VnniOverride = true).Services.BuildServiceProvider();
        var store = provider.GetRequiredService<EmbeddedCatalogStore>();
        var items = ClusteredItems(300, 1, seed: 8);
        await store.UpsertAsync(items);
        var statistics = new SearchStatistics();

        store.SearchWith(new CatalogQuery { Image = items[0].Embedding }, quantized: true, rescoreFactor: 0, statistics);

        Assert.Equal(quantizedScanned, statistics.QuantizedScanned);
    }

    private static IEnumerable<CatalogQuery> Queries(List<CatalogItem> items, float[] photo)
    {
        var image = new ImageEmbedding(photo, 32);
        yield return new CatalogQuery { Image = image };
        yield return new CatalogQuery { Image = image, ImageSimilarity = ImageSimilarity.BestPair, Top = 20 };
        yield return new CatalogQuery { Image = items[17].Embedding, Categories = [items[17].Category], Top = 25 };
        yield return new CatalogQuery { Image = image, Text = SyntheticEmbeddings.Text(9), TextWeight = 0.7f, ImageWeight = 0.3f };
        yield return new CatalogQuery { Image = SyntheticEmbeddings.Image(4242, queryCount: 33) };
    }

    private static void AssertExact(EmbeddedCatalogStore store, List<CatalogItem> items, CatalogQuery query, EmbeddedVectorPrecision precision)
    {
        var hits = store.SearchAsync(query).GetAwaiter().GetResult();

        Assert.Equal(store.SearchExhaustively(query).Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
        var expected = CatalogItems.ExpectedHits(items, query, vectors => precision == EmbeddedVectorPrecision.Float32 ? vectors.ToArray() : Array.ConvertAll(vectors.ToArray(), v => (float)(Half)v));
        Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
    }

    // Items in clusters of 20 (each a noisy variant of its cluster's photo), spread over the categories: a query near
    // one cluster has few items within the int8 scan's error of its top k.
    private static List<CatalogItem> ClusteredItems(int count, int categories, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, (count / 20) + 1).Select(c => SyntheticEmbeddings.NormalisedRows(seed * 1000 + c, 256, 32)).ToList();
        return [.. Enumerable.Range(0, count).Select(i => new CatalogItem
        {
            Id = $"item-{i:D4}",
            Category = "category-" + (i % categories),
            Embedding = new ImageEmbedding(Variant(centres[i / 20], random, 0.3f), 32),
        })];
    }

    private static float[] Variant(float[] rows, Random random, float noise)
    {
        var values = (float[])rows.Clone();
        for (var offset = 0; offset < values.Length; offset += 256)
        {
            var row = values.AsSpan(offset, 256);
            for (var k = 0; k < 256; k++)
            {
                row[k] += (float)((random.NextDouble() - 0.5) * 2 * noise / 16);
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        return values;
    }

    private Task<EmbeddedCatalogStore> Open(EmbeddedVectorPrecision precision, bool quantized) =>
        EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision, QuantizedScan = quantized, VnniOverride = true, MaxDegreeOfParallelism = 2 });
}
