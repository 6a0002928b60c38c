using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch.Benchmarks.Postgres;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using Xunit.Abstractions;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Recall of the HNSW path on 20,000 items x 32 query vectors (640,000 index rows), filtered to one of six
/// categories, against exact search over the same items.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorRecallTests(LargeCatalogFixture catalog, ITestOutputHelper output) : IClassFixture<LargeCatalogFixture>
{
    private const int K = 10;
    private const int QueriesPerCategory = 20;

    [Fact]
    public async Task Filtered_text_search_finds_at_least_98_percent_of_the_exact_top_10_through_the_index()
    {
        using var paths = new SearchPathRecorder(catalog.Store);
        var found = 0;
        var wanted = 0;
        for (var category = 0; category < ClusteredCatalog.Categories; category++)
        {
            for (var i = 0; i < QueriesPerCategory; i++)
            {
                var query = new CatalogQuery
                {
                    Text = catalog.Generator.Text((category * QueriesPerCategory) + i, category),
                    Categories = [ClusteredCatalog.Category(category)],
                    Top = K,
                };

                var hits = await catalog.Store.SearchAsync(query);

                var exact = CatalogItems.ExpectedHits(catalog.Items, query, v => v.ToArray());
                Assert.Equal(K, hits.Count);
                Assert.All(hits, hit => Assert.Equal(ClusteredCatalog.Category(category), hit.Category));
                found += hits.Select(h => h.Id).Intersect(exact.Select(h => h.Id)).Count();
                wanted += K;
            }
        }

        var recall = (double)found / wanted;
        output.WriteLine($"recall@{K} = {recall:F4} over {wanted / K} queries; paths: {string.Join(", ", paths.Paths.CountBy(p => p).Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(recall >= 0.98, $"recall@{K} is {recall:F4}; at least 0.98 is required.");

        // The index answered every query: the recall above is the index's, not the exact fallback's.
        Assert.All(paths.Paths, path => Assert.Equal("ann", path));
    }

    [Fact]
    public async Task The_filtered_search_statement_is_served_by_the_hnsw_index()
    {
        var names = PgVectorCatalogNames.Create(catalog.Store.Schema, catalog.Store.Collection);
        var options = new PgVectorCatalogOptions();
        var searcher = new PgVectorSearcher(names, options, NullLogger.Instance);
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Text = catalog.Generator.Text(1004, 4), Categories = [ClusteredCatalog.Category(4)], Top = K }, options);
        await using var connection = await catalog.Database.DataSource.OpenConnectionAsync();
        await using var batch = searcher.CreateBatch(connection, plan, exact: false);
        var lines = await ExplainSearchAsync(batch);

        Assert.Contains(lines, line => line.Contains($"Index Scan using {catalog.Store.Collection}_vectors_pooled_hnsw", StringComparison.Ordinal));

        // The text's route sample is read through the route key index's condition (a bound on the key), never by
        // reading every centroid row of the category or the table.
        Assert.Contains(lines, line => line.Contains("Index Cond: (((hashtext(item_id) # (query_index)::integer) & 65535) <", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("BitmapAnd", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Gather", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scanned_probe_statement_reads_only_the_categorys_centroid_rows_through_the_category_index()
    {
        var names = PgVectorCatalogNames.Create(catalog.Store.Schema, catalog.Store.Collection);
        var options = new PgVectorCatalogOptions();
        var searcher = new PgVectorSearcher(names, options, NullLogger.Instance);
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Text = catalog.Generator.Text(1005, 0), Categories = [LargeCatalogFixture.Rare], Top = K }, options);
        await using var connection = await catalog.Database.DataSource.OpenConnectionAsync();
        await using var batch = searcher.CreateBatch(connection, plan, exact: false, scanProbes: true);
        var lines = await ExplainSearchAsync(batch);

        // The rare category's centroid rows come from the index's two keys; neither the HNSW index nor a scan of the
        // category's query vector rows (or of the items) finds them.
        Assert.Contains(lines, line => line.Contains($"{catalog.Store.Collection}_vectors_category_query", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Index Cond: ((category = ANY (", StringComparison.Ordinal) && line.Contains("AND (query_index < 0))", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("_vectors_pooled_hnsw", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Filter: (query_index < 0)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_in_a_rare_category_returns_the_exact_top_k()
    {
        var query = new CatalogQuery { Text = catalog.Generator.Text(1000, 0), Categories = [LargeCatalogFixture.Rare], Top = K };

        var hits = await catalog.Store.SearchAsync(query);

        Assert.Equal(CatalogItems.ExpectedHits(catalog.Items, query, v => v.ToArray()).Select(h => h.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Search_whose_index_scan_comes_back_short_falls_back_to_an_exact_scan_and_returns_the_exact_top_k()
    {
        // Without iterative scans the index yields ef_search rows (here 60) before the filter keeps those of the
        // category: far fewer than the 60 items wanted. A category's pooled rows are few enough for the planner to
        // prefer sorting them all (exact, never short), so the session's settings leave it the index alone.
        var store = catalog.Database.OpenStore(catalog.Store.Collection, options =>
        {
            options.ConnectionString += ";Options=-c enable_sort=off -c enable_seqscan=off -c enable_bitmapscan=off";
            options.IterativeScan = PgVectorIterativeScan.Off;
            options.EfSearch = 40;
            options.MinCandidates = 1;
            options.CandidateMultiplier = 1;

            // Routes would find the category's rows exactly.
            options.TextRoutes = 0;
        });
        using var paths = new SearchPathRecorder(store);
        // A text about category 0, searched in category 3: its nearest items are nearly all of the wrong category.
        var query = new CatalogQuery { Text = catalog.Generator.Text(1003, 0), Categories = [ClusteredCatalog.Category(3)], Top = 60 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(["ann+exact"], paths.Paths);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(catalog.Items, query, v => v.ToArray()), hits);
    }

    [Fact]
    public async Task Search_in_a_category_with_fewer_items_than_k_returns_all_of_them()
    {
        var query = new CatalogQuery { Text = catalog.Generator.Text(1001, 1), Categories = [LargeCatalogFixture.Scarce], Top = K };

        var hits = await catalog.Store.SearchAsync(query);

        Assert.Equal(LargeCatalogFixture.ScarceCount, hits.Count);
        Assert.Equal(CatalogItems.ExpectedHits(catalog.Items, query, v => v.ToArray()).Select(h => h.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Search_with_k_larger_than_one_pass_of_the_index_returns_k_items()
    {
        var query = new CatalogQuery { Text = catalog.Generator.Text(1002, 2), Categories = [ClusteredCatalog.Category(2)], Top = 250 };

        var hits = await catalog.Store.SearchAsync(query);

        Assert.Equal(250, hits.Count);
        Assert.Equal(250, hits.Select(h => h.Id).Distinct().Count());
        Assert.All(hits, hit => Assert.Equal(ClusteredCatalog.Category(2), hit.Category));
    }

    [Fact]
    public async Task Filtered_image_search_finds_most_of_the_exact_top_10()
    {
        var found = 0;
        var wanted = 0;
        for (var i = 0; i < 12; i++)
        {
            var category = (50_000 + i) % ClusteredCatalog.Categories;
            var photo = catalog.Generator.Items(50_000 + i, 1)[0].Embedding;
            var query = new CatalogQuery { Image = photo, Categories = [ClusteredCatalog.Category(category)], Top = K };

            var hits = await catalog.Store.SearchAsync(query);

            Assert.Equal(K, hits.Count);
            found += hits.Select(h => h.Id).Intersect(CatalogItems.ExpectedHits(catalog.Items, query, v => v.ToArray()).Select(h => h.Id)).Count();
            wanted += K;
        }

        var recall = (double)found / wanted;
        output.WriteLine($"image recall@{K} = {recall:F4}");
        Assert.True(recall >= 0.9, $"image recall@{K} is {recall:F4}; at least 0.9 is expected.");
    }

    /// <summary>Runs a search batch's statement under EXPLAIN (after its settings) and returns the plan's lines.</summary>
    private static async Task<List<string>> ExplainSearchAsync(Npgsql.NpgsqlBatch batch)
    {
        batch.BatchCommands[1].CommandText = "EXPLAIN " + batch.BatchCommands[1].CommandText;
        var lines = new List<string>();
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
