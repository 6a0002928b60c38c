using System.Numerics.Tensors;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// The text scan sums in another order than <see cref="MultimodalSearch.Catalog.Providers.CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/> and only
/// picks candidates: these tests give it near-ties far below its rounding error and check that the result is
/// still exactly the brute-force ranking (same ids, bit-identical scores).
/// </summary>
public sealed class EmbeddedCatalogSearchTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32, 1f)]
    [InlineData(EmbeddedVectorPrecision.Float16, 1f)]
    [InlineData(EmbeddedVectorPrecision.Float32, 40f)]
    public async Task Text_search_ranks_near_ties_exactly_like_CatalogQuery_Score(EmbeddedVectorPrecision precision, float scale)
    {
        // 600 items whose best row is the text direction plus noise of about 1e-7: their scores differ
        // by less than the scan's rounding error, so only the exact re-scoring can order them.
        const int dimensions = 64;
        var text = SyntheticEmbeddings.Text(1, dimensions);
        var random = new Random(2);
        var items = new List<CatalogItem>();
        for (var i = 0; i < 600; i++)
        {
            var rows = SyntheticEmbeddings.NormalisedRows(100 + i, dimensions, 8);
            var best = rows.AsSpan(3 * dimensions, dimensions);
            text.Vector.Span.CopyTo(best);
            for (var d = 0; d < dimensions; d++)
            {
                best[d] += (float)((random.NextDouble() - 0.5) * 2e-7);
            }

            TensorPrimitives.Multiply(rows, scale, rows);
            items.Add(new CatalogItem { Id = $"item-{i:D3}", Category = i % 2 == 0 ? "even" : "odd", Embedding = new ImageEmbedding(rows, 8) });
        }

        await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision });
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Text = text, Top = 15, Categories = ["even", "odd"] };

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, vectors => AsStored(vectors, precision));
        Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
    }

    [Theory]
    [InlineData(EmbeddedVectorPrecision.Float32)]
    [InlineData(EmbeddedVectorPrecision.Float16)]
    public async Task Text_search_with_k_above_the_category_size_returns_the_whole_category_ranked_exactly(EmbeddedVectorPrecision precision)
    {
        // 13 rows per item: the text's near-copy sits in the last row, past the scan's blocks of four rows, and
        // items come in exact duplicate pairs under different ids; k = 50 is more than the 30 items of the category.
        const int dimensions = 64;
        var text = SyntheticEmbeddings.Text(4, dimensions);
        var random = new Random(5);
        var items = new List<CatalogItem>();
        for (var i = 0; i < 60; i += 2)
        {
            var rows = SyntheticEmbeddings.NormalisedRows(300 + i, dimensions, 13);
            var last = rows.AsSpan(12 * dimensions, dimensions);
            text.Vector.Span.CopyTo(last);
            for (var d = 0; d < dimensions; d++)
            {
                last[d] += (float)((random.NextDouble() - 0.5) * 2e-7);
            }

            var category = i % 4 == 0 ? "even" : "odd";
            items.Add(new CatalogItem { Id = $"item-{i:D3}", Category = category, Embedding = new ImageEmbedding(rows, 13) });
            items.Add(new CatalogItem { Id = $"item-{i + 1:D3}", Category = category, Embedding = new ImageEmbedding((float[])rows.Clone(), 13) });
        }

        await using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Path, VectorPrecision = precision });
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Text = text, Top = 50, Categories = ["even"] };

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, vectors => AsStored(vectors, precision));
        Assert.Equal(items.Count(item => item.Category == "even"), hits.Count);
        Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
    }

    private static float[] AsStored(ReadOnlyMemory<float> vectors, EmbeddedVectorPrecision precision)
    {
        if (precision == EmbeddedVectorPrecision.Float32)
        {
            return vectors.ToArray();
        }

        var halves = new Half[vectors.Length];
        TensorPrimitives.ConvertToHalf(vectors.Span, halves);
        var rounded = new float[vectors.Length];
        TensorPrimitives.ConvertToSingle(halves, rounded);
        return rounded;
    }
}
