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
