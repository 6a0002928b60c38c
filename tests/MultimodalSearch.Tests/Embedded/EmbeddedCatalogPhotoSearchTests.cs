using System.Numerics.Tensors;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// Photo and fused queries scan with <see cref="ImageScanKernel"/> (a matrix-product order of the sums) and only pick
/// candidates: these tests give it near-ties far below its rounding error, exact duplicates under different ids, and
/// shapes that leave remainders (33 query rows, 13 item rows), and check that the result is still exactly the
/// brute-force ranking (same ids, bit-identical scores). Tolerance: none.
/// </summary>
public sealed class EmbeddedCatalogPhotoSearchTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32, 1f, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(EmbeddedVectorPrecision.Float16, 1f, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(EmbeddedVectorPrecision.Float32, 40f, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(EmbeddedVectorPrecision.Float32, 1f, ImageSimilarity.BestPair)]
    [InlineData(EmbeddedVectorPrecision.Float16, 1f, ImageSimilarity.BestPair)]
    public async Task Photo_search_ranks_near_ties_exactly_like_CatalogQuery_Score(EmbeddedVectorPrecision precision, float scale, ImageSimilarity kind)
    {
        // 600 items, each a copy of one photo with noise of about 1e-7 (every fifth an exact copy): their scores
        // differ by less than the scan's rounding error, so only the exact re-scoring can order them.
        const int dimensions = 64;
        const int rows = 13;
        var photo = SyntheticEmbeddings.NormalisedRows(7, dimensions, rows);
        var random = new Random(3);
        var items = new List<CatalogItem>();
        for (var i = 0; i < 600; i++)
        {
            var vectors = (float[])photo.Clone();
            if (i % 5 != 0)
            {
                for (var v = 0; v < vectors.Length; v++)
                {
                    vectors[v] += (float)((random.NextDouble() - 0.5) * 2e-7);
                }
            }

            TensorPrimitives.Multiply(vectors, scale, vectors);
            items.Add(new CatalogItem { Id = $"item-{i:D3}", Category = i % 2 == 0 ? "even" : "odd", Embedding = new ImageEmbedding(vectors, rows) });
        }

        await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision });
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Image = new ImageEmbedding(photo, rows), ImageSimilarity = kind, Top = 15, Categories = ["even", "odd"] };

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, vectors => AsStored(vectors, precision));
        Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
    }

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32)]
    [InlineData(EmbeddedVectorPrecision.Float16)]
    public async Task Photo_fused_and_category_searches_equal_the_exhaustive_search_on_a_parallel_sized_catalog(EmbeddedVectorPrecision precision)
    {
        // 33 query rows (a second group of 32 with one row) and 1,000 items of 32 x 256 (several chunks: the parallel path).
        var items = Enumerable.Range(0, 1000).Select(i => CatalogItems.Create($"item-{i:D4}", "category-" + (i % 3), seed: i)).ToList();
        await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision, MaxDegreeOfParallelism = 2 });
        await store.UpsertAsync(items);
        var photo = SyntheticEmbeddings.Image(5000, queryCount: 33);
        CatalogQuery[] queries =
        [
            new() { Image = photo },
            new() { Image = items[17].Embedding, Categories = ["category-2"], Top = 25 },
            new() { Image = photo, ImageSimilarity = ImageSimilarity.BestPair },
            new() { Image = photo, Text = SyntheticEmbeddings.Text(9), TextWeight = 0.7f, ImageWeight = 0.3f },
            new() { Image = photo, ImageSimilarity = ImageSimilarity.MeanPooledCosine },
        ];

        foreach (var query in queries)
        {
            var hits = await store.SearchAsync(query);

            Assert.Equal(store.SearchExhaustively(query).Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
            var expected = CatalogItems.ExpectedHits(items, query, vectors => AsStored(vectors, precision));
            Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
        }
    }

    [Theory]
    [InlineData(32, 32, 256, ImageSimilarity.MeanOfBestMatches, false)]
    [InlineData(32, 32, 256, ImageSimilarity.MeanOfBestMatches, true)]
    [InlineData(33, 13, 64, ImageSimilarity.MeanOfBestMatches, false)]
    [InlineData(33, 13, 64, ImageSimilarity.MeanOfBestMatches, true)]
    [InlineData(5, 3, 16, ImageSimilarity.BestPair, false)]
    [InlineData(64, 32, 256, ImageSimilarity.BestPair, true)]
    public void The_kernel_is_within_its_error_bound_of_the_exact_score_and_the_bound_is_small(int queryRows, int itemRows, int dimensions, ImageSimilarity kind, bool wide)
    {
        var random = new Random(queryRows + itemRows);
        var query = KernelInputs.Values(random, queryRows * dimensions, 3f);
        var kernel = new ImageScanKernel(query, dimensions, kind, wide);
        var scratch = new float[kernel.ScratchLength];
        var queryNorm = KernelInputs.MaxRowNorm(query, dimensions);
        for (var trial = 0; trial < 50; trial++)
        {
            var item = KernelInputs.Values(random, itemRows * dimensions, 0.5f);
            var bound = ImageScanKernel.ErrorBound(queryNorm, KernelInputs.MaxRowNorm(item, dimensions), dimensions, queryRows, kind);

            var scanned = kernel.Score(item, scratch);

            var exact = EmbeddingSimilarity.ImageToImage(query, item, dimensions, kind);
            Assert.InRange(scanned, exact - bound, exact + bound);
            Assert.True(bound < 1e-3f * queryNorm * KernelInputs.MaxRowNorm(item, dimensions), $"bound {bound} is too loose to prune");
        }
    }

    private static float[] AsStored(ReadOnlyMemory<float> vectors, EmbeddedVectorPrecision precision) =>
        precision == EmbeddedVectorPrecision.Float32 ? vectors.ToArray() : Array.ConvertAll(vectors.ToArray(), v => (float)(Half)v);
}
