using System.Diagnostics;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using MultimodalSearch.VectorData;
using Xunit.Abstractions;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// Recall of the VectorData catalog (HNSW over one record per query vector, then exact re-scoring) against
/// exact search, on a clustered synthetic catalog: 1,200 items x 32 x 256 (38,400 records) in six categories.
/// </summary>
[RequiresPostgres]
public sealed class VectorDataCatalogRecallTests(VectorDataCatalogRecallTests.Catalog catalog, ITestOutputHelper output) : IClassFixture<VectorDataCatalogRecallTests.Catalog>
{
    private const int K = 10;
    private const int Queries = 30;

    [Fact]
    public async Task Text_search_finds_at_least_98_percent_of_the_exact_top_10_with_and_without_a_category()
    {
        var all = await RecallAsync(i => new CatalogQuery { Text = catalog.Text(i), Top = K });
        var filtered = await RecallAsync(i => new CatalogQuery { Text = catalog.Text(i), Categories = [Clustered.Category(i % Clustered.Categories)], Top = K });

        output.WriteLine($"text recall@{K}: {all:F4} over all categories, {filtered:F4} within one category ({Queries} queries each)");
        Assert.True(all >= 0.98, $"recall@{K} without a filter is {all:F4}");
        Assert.True(filtered >= 0.98, $"recall@{K} with a category filter is {filtered:F4}");
    }

    [Fact]
    public async Task Photo_search_finds_at_least_95_percent_of_the_exact_top_10()
    {
        var recall = await RecallAsync(i => new CatalogQuery { Image = catalog.Photo(i), Categories = [Clustered.Category(i % Clustered.Categories)], Top = K });

        output.WriteLine($"photo (mean of best matches) recall@{K}: {recall:F4} within one category ({Queries} queries)");
        Assert.True(recall >= 0.95, $"recall@{K} is {recall:F4}");
    }

    private async Task<double> RecallAsync(Func<int, CatalogQuery> query)
    {
        var found = 0;
        for (var i = 0; i < Queries; i++)
        {
            var q = query(i);
            var hits = await catalog.Store.SearchAsync(q);
            var exact = CatalogItems.ExpectedHits(catalog.Items, q, v => v.ToArray());
            Assert.Equal(K, hits.Count);
            found += hits.Select(h => h.Id).Intersect(exact.Select(h => h.Id)).Count();
        }

        return (double)found / (Queries * K);
    }

    /// <summary>The catalog, generated and loaded once.</summary>
    public sealed class Catalog(IMessageSink diagnostics) : IAsyncLifetime
    {
        private readonly VectorDataCatalogFixture _fixture = new();
        private readonly Clustered _generator = new(seed: 11);

        public IReadOnlyList<CatalogItem> Items { get; private set; } = [];

        public VectorDataCatalogStore Store { get; private set; } = null!;

        public TextEmbedding Text(int index) => _generator.Text(index);

        public ImageEmbedding Photo(int index) => _generator.Photo(index);

        public async Task InitializeAsync()
        {
            await _fixture.InitializeAsync();
            Items = _generator.Items(1200);
            Store = _fixture.CreateCatalog(indexOnly: true);
            var clock = Stopwatch.StartNew();
            foreach (var batch in Items.Chunk(100))
            {
                await Store.UpsertAsync(batch);
            }

            diagnostics.OnMessage(new Xunit.Sdk.DiagnosticMessage($"VectorData recall catalog: {Items.Count} items ({Items.Count * Clustered.QueryCount} records) loaded in {clock.Elapsed.TotalSeconds:F1} s."));
        }

        public async Task DisposeAsync()
        {
            await Store.DisposeAsync();
            await _fixture.DisposeAsync();
        }
    }
}
