using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Vector search: each distance function with both index kinds, and the search options (MEVD's search conformance, ported).</summary>
[RequiresPostgres]
public sealed class VectorSearchTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    private const double Tolerance = 1e-5;
    private static readonly float[] Query = [1f, 0, 0];

    // Four vectors: the query itself, one at 60% cosine, one twice the query's length (cosine 1, dot 2), and its opposite.
    private static readonly (int Key, float[] Vector)[] Points = [(1, [1f, 0, 0]), (2, [0.6f, 0.8f, 0]), (3, [2f, 0, 0]), (4, [-1f, 0, 0])];

    public static TheoryData<string, string, int[], double[]> Functions => new()
    {
        { DistanceFunction.CosineDistance, IndexKind.Hnsw, [1, 3, 2, 4], [0, 0, 0.4, 2] },
        { DistanceFunction.CosineSimilarity, IndexKind.Flat, [1, 3, 2, 4], [1, 1, 0.6, -1] },
        { DistanceFunction.DotProductSimilarity, IndexKind.Hnsw, [3, 1, 2, 4], [2, 1, 0.6, -1] },
        { DistanceFunction.NegativeDotProductSimilarity, IndexKind.Flat, [3, 1, 2, 4], [-2, -1, -0.6, 1] },
        { DistanceFunction.EuclideanDistance, IndexKind.Hnsw, [1, 2, 3, 4], [0, Math.Sqrt(0.8), 1, 2] },
        { DistanceFunction.EuclideanSquaredDistance, IndexKind.Flat, [1, 2, 3, 4], [0, 0.8, 1, 4] },
        { DistanceFunction.ManhattanDistance, IndexKind.Hnsw, [1, 3, 2, 4], [0, 1, 1.2, 2] },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Each_distance_function_orders_and_scores_as_MEVD_defines_it(string function, string indexKind, int[] order, double[] scores)
    {
        var collection = await CreateAsync(function, indexKind);

        var results = await collection.SearchAsync(Query, top: 4).ToListAsync();

        // Keys 1 and 3 tie under the cosine functions (same direction): ties are ordered by key.
        Assert.Equal(order, results.Select(r => r.Record.Key));
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.Equal(scores[i], results[i].Score!.Value, Tolerance);
        }
    }

    [Theory]
    [InlineData(IndexKind.Hnsw)]
    [InlineData(IndexKind.Flat)]
    public async Task Score_threshold_is_a_minimum_for_similarities_and_a_maximum_for_distances(string indexKind)
    {
        var similarity = await CreateAsync(DistanceFunction.CosineSimilarity, indexKind);
        var distance = await CreateAsync(DistanceFunction.CosineDistance, indexKind);

        var similar = await similarity.SearchAsync(Query, top: 4, new() { ScoreThreshold = 0.5 }).ToListAsync();
        var near = await distance.SearchAsync(Query, top: 4, new() { ScoreThreshold = 0.5 }).ToListAsync();

        Assert.Equal([1, 3, 2], similar.Select(r => r.Record.Key));
        Assert.Equal([1, 3, 2], near.Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Skip_top_filter_and_IncludeVectors_apply_to_the_ranked_results()
    {
        var collection = await CreateAsync(DistanceFunction.CosineDistance, IndexKind.Hnsw);

        var page = await collection.SearchAsync(Query, top: 2, new() { Skip = 1 }).ToListAsync();
        var filtered = await collection.SearchAsync(Query, top: 4, new() { Filter = r => r.Text != "point 3", IncludeVectors = true }).ToListAsync();
        var withoutVectors = await collection.SearchAsync(Query, top: 1).SingleAsync();

        Assert.Equal([3, 2], page.Select(r => r.Record.Key));
        Assert.Equal([1, 2, 4], filtered.Select(r => r.Record.Key));
        Assert.Equal(Points[1].Vector, filtered[1].Record.Vector.ToArray());
        Assert.True(withoutVectors.Record.Vector.IsEmpty);
    }

    [Fact]
    public async Task A_selective_filter_on_an_HNSW_index_still_returns_every_match()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();
        var random = new Random(3);
        await collection.UpsertAsync(Enumerable.Range(0, 3000).Select(i => new KeyedRecord<int>
        {
            Key = i,
            Text = i % 100 == 0 ? "rare" : "common",
            Vector = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() },
        }));

        var rare = await collection.SearchAsync(Query, top: 50, new() { Filter = r => r.Text == "rare" }).ToListAsync();
        var many = await collection.SearchAsync(Query, top: 1500).ToListAsync();

        Assert.Equal(30, rare.Count);
        Assert.All(rare, r => Assert.Equal(0, r.Record.Key % 100));
        Assert.Equal(1500, many.Count);
        Assert.Equal(many.Select(r => r.Score), many.Select(r => r.Score).Order());
    }

    [Fact]
    public async Task A_search_vector_of_the_wrong_width_throws_ArgumentException()
    {
        var collection = await CreateAsync(DistanceFunction.CosineDistance, IndexKind.Hnsw);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => collection.SearchAsync(new[] { 1f, 0 }, top: 1).ToListAsync().AsTask());

        Assert.Contains("3 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_value_that_is_not_a_vector_without_a_generator_throws_NotSupportedException()
    {
        var collection = await CreateAsync(DistanceFunction.CosineDistance, IndexKind.Hnsw);

        await Assert.ThrowsAsync<NotSupportedException>(() => collection.SearchAsync("text", top: 1).ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_collection_within_the_exact_search_threshold_is_scanned_whole_and_a_larger_one_asks_the_index()
    {
        var collection = await CreateAsync(DistanceFunction.CosineDistance, IndexKind.Hnsw);
        var definition = DefinitionFor(DistanceFunction.CosineDistance, IndexKind.Hnsw);
        using var indexOnlyStore = new PgVectorStore(fixture.DataSource, new PgVectorStoreOptions { Schema = fixture.Database.Schema, ExactSearchThreshold = 0 });
        using var fiveRowStore = new PgVectorStore(fixture.DataSource, new PgVectorStoreOptions { Schema = fixture.Database.Schema, ExactSearchThreshold = 5 });
        var indexOnly = indexOnlyStore.GetCollection<int, KeyedRecord<int>>(collection.Name, definition);
        var fiveRows = fiveRowStore.GetCollection<int, KeyedRecord<int>>(collection.Name, definition);
        using var paths = SearchPathRecorder.ForCollection(collection.Name);

        // The table was never analysed: its rows are counted (up to the threshold + 1).
        var exact = await collection.SearchAsync(Query, top: 4).ToListAsync();
        var ann = await indexOnly.SearchAsync(Query, top: 4).ToListAsync();
        var small = await fiveRows.SearchAsync(Query, top: 4).ToListAsync();

        // A write through the collection makes it read its size again: 6 rows > 5.
        await fiveRows.UpsertAsync([new KeyedRecord<int> { Key = 5, Text = "point 5", Vector = new[] { 0f, 1f, 0f } }, new KeyedRecord<int> { Key = 6, Text = "point 6", Vector = new[] { 0f, 0f, 1f } }]);
        var grown = await fiveRows.SearchAsync(Query, top: 4).ToListAsync();

        Assert.Equal(["exact", "ann", "exact", "ann"], paths.Paths);
        Assert.All([exact, ann, small, grown], results => Assert.Equal([1, 3, 2], results.Take(3).Select(r => r.Record.Key)));
    }

    [Fact]
    public async Task A_collection_analysed_when_small_and_grown_since_is_not_taken_for_small()
    {
        var collection = await CreateAsync(DistanceFunction.CosineDistance, IndexKind.Hnsw);
        await using (var analyse = fixture.DataSource.CreateCommand($"ANALYZE \"{fixture.Database.Schema}\".\"{collection.Name}\""))
        {
            await analyse.ExecuteNonQueryAsync();
        }

        await collection.UpsertAsync(Enumerable.Range(100, 3000).Select(k => new KeyedRecord<int> { Key = k, Text = "far " + k, Vector = new[] { -1f, k / 3000f, (k % 11) / 11f } }));
        using var hundredRowStore = new PgVectorStore(fixture.DataSource, new PgVectorStoreOptions { Schema = fixture.Database.Schema, ExactSearchThreshold = 100 });
        var hundredRows = hundredRowStore.GetCollection<int, KeyedRecord<int>>(collection.Name, DefinitionFor(DistanceFunction.CosineDistance, IndexKind.Hnsw));
        using var paths = SearchPathRecorder.ForCollection(collection.Name);

        // Analysed with 4 rows on one page: that page's density times today's pages would still say "small".
        var results = await hundredRows.SearchAsync(Query, top: 3).ToListAsync();

        // Which rows an approximate index returns is not this test's business; that it was asked is.
        Assert.Equal(["ann"], paths.Paths);
        Assert.Equal(3, results.Count);
    }

    private async Task<VectorStoreCollection<int, KeyedRecord<int>>> CreateAsync(string function, string indexKind)
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>(DefinitionFor(function, indexKind));
        await collection.UpsertAsync(Points.Select(p => new KeyedRecord<int> { Key = p.Key, Text = "point " + p.Key, Vector = p.Vector }));
        return collection;
    }

    private static VectorStoreCollectionDefinition DefinitionFor(string function, string indexKind) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(KeyedRecord<int>.Key), typeof(int)),
            new VectorStoreDataProperty(nameof(KeyedRecord<int>.Text), typeof(string)),
            new VectorStoreVectorProperty(nameof(KeyedRecord<int>.Vector), typeof(ReadOnlyMemory<float>), 3) { DistanceFunction = function, IndexKind = indexKind },
        ],
    };
}
