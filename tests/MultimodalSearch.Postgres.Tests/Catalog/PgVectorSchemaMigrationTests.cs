using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// A catalog written by schema version 1 (an HNSW index over every query vector, no pooled rows) is upgraded when a
/// current store opens it: pooled rows added, the old index dropped, the pooled index built, the same results; one of
/// version 2 gets the route key index; one of version 3 gets the category index keyed by query index too; one of
/// version 4 gets its centroid rows computed again (seeded farthest-first), as does every older one.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorSchemaMigrationTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task A_version_1_catalog_gets_pooled_rows_and_the_pooled_index_and_searches_as_before()
    {
        var items = Enumerable.Range(0, 40).Select(i => CatalogItems.Create("item-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? "shoes" : "pants", 700 + i)).ToArray();
        var writer = database.CreateStore();
        await writer.UpsertAsync(items);
        var vectors = $"\"{database.Schema}\".\"{writer.Collection}_vectors\"";
        await RunAsync($"""
            DROP INDEX "{database.Schema}"."{writer.Collection}_vectors_pooled_hnsw";
            DELETE FROM {vectors} WHERE query_index < 0;
            ALTER TABLE {vectors} DROP COLUMN query_vectors;
            CREATE INDEX "{writer.Collection}_vectors_hnsw" ON {vectors} USING hnsw (embedding vector_ip_ops);
            UPDATE "{database.Schema}"."{writer.Collection}_meta" SET schema_version = 1;
            """);

        // Every search takes the index path, so that the pooled rows and their index are what answers.
        var store = database.OpenStore(writer.Collection, options => options.ExactSearchThreshold = 0);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(77), Categories = ["shoes"], Top = 5 };
        var hits = await store.SearchAsync(query);

        Assert.Equal(PgVectorCatalogSqlBuilder.SchemaVersion, await database.ScalarAsync<int>($"SELECT schema_version FROM \"{database.Schema}\".\"{writer.Collection}_meta\""));
        Assert.Equal(40L, await database.ScalarAsync<long>($"SELECT count(*) FROM {vectors} WHERE query_index = -1"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{database.Schema}\".\"{writer.Collection}_vectors_hnsw\""));
        Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\""));

        // Version 2's SQL gave each item its mean as row -1 with its query vectors; version 5 computed all its centroid rows from them.
        Assert.Equal(items[3].Embedding.Vectors.ToArray(), await database.ScalarAsync<float[]>($"SELECT query_vectors FROM {vectors} WHERE item_id = 'item-03' AND query_index = -1"));
        await AssertCentroidRowsAsync(writer.Collection, items);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), hits);
        Assert.Equal(items[3].Embedding.Vectors.ToArray(), (await store.GetAsync("item-03"))!.Embedding.Vectors.ToArray());
    }

    [Fact]
    public async Task A_version_2_catalog_gets_the_route_key_index_and_its_texts_take_routes()
    {
        var items = Enumerable.Range(0, 30).Select(i => CatalogItems.Create("item-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "shoes", 900 + i)).ToArray();
        var writer = database.CreateStore();
        await writer.UpsertAsync(items);
        var route = $"\"{database.Schema}\".\"{writer.Collection}_vectors_route\"";
        await RunAsync($"""
            DROP INDEX {route};
            UPDATE "{database.Schema}"."{writer.Collection}_meta" SET schema_version = 2;
            """);

        var store = database.OpenStore(writer.Collection, options => options.ExactSearchThreshold = 0);
        using var paths = new SearchPathRecorder(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(78), Top = 5 };
        var hits = await store.SearchAsync(query);

        Assert.Equal(PgVectorCatalogSqlBuilder.SchemaVersion, await database.ScalarAsync<int>($"SELECT schema_version FROM \"{database.Schema}\".\"{writer.Collection}_meta\""));
        Assert.True(await database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", route));
        Assert.Equal(["ann"], paths.Paths);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), hits);
    }

    [Fact]
    public async Task A_version_3_catalog_gets_the_category_and_query_index_key_and_scans_a_small_category_through_it()
    {
        // 10 shoes, 30 bags: with a threshold of 10 items, a search in shoes scans its centroid rows.
        var items = Enumerable.Range(0, 10).Select(i => CatalogItems.Create("shoe-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "shoes", 950 + i))
            .Concat(Enumerable.Range(0, 30).Select(i => CatalogItems.Create("bag-" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "bags", 980 + i))).ToArray();
        var writer = database.CreateStore();
        await writer.UpsertAsync(items);
        var vectors = $"\"{database.Schema}\".\"{writer.Collection}_vectors\"";
        var legacy = $"\"{database.Schema}\".\"{writer.Collection}_vectors_category\"";
        var current = $"\"{database.Schema}\".\"{writer.Collection}_vectors_category_query\"";
        await RunAsync($"""
            DROP INDEX {current};
            CREATE INDEX "{writer.Collection}_vectors_category" ON {vectors} (category);
            UPDATE "{database.Schema}"."{writer.Collection}_meta" SET schema_version = 3;
            """);

        var store = database.OpenStore(writer.Collection, options =>
        {
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 10;
        });
        using var paths = new SearchPathRecorder(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(79), Categories = ["shoes"], Top = 5 };
        var hits = await store.SearchAsync(query);

        Assert.Equal(PgVectorCatalogSqlBuilder.SchemaVersion, await database.ScalarAsync<int>($"SELECT schema_version FROM \"{database.Schema}\".\"{writer.Collection}_meta\""));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", legacy));
        Assert.EndsWith("USING btree (category, query_index)", await database.ScalarAsync<string>("SELECT pg_get_indexdef(to_regclass($1))", current), StringComparison.Ordinal);
        Assert.Equal(["scanned-probe"], paths.Paths);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), hits);
    }

    [Theory]
    [InlineData(PgVectorCentroidIndex.Hnsw, 60)]
    [InlineData(PgVectorCentroidIndex.IvfFlat, PgVectorCentroidRecompute.PageItems + 7)]
    public async Task A_version_4_catalog_gets_its_centroid_rows_computed_again_and_its_index_rebuilt(PgVectorCentroidIndex kind, int count)
    {
        // With IVFFlat (quick to build), more items than a page of the recompute, so that it pages. The rows of version 4 (seeded otherwise)
        // are stood in for by every centroid row holding the item's mean.
        var items = Enumerable.Range(0, count)
            .Select(i => CatalogItems.Create("item-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? "shoes" : "bags", 2_000 + i)).ToArray();
        var writer = database.CreateStore(options => options.CentroidIndex = kind);
        await writer.UpsertAsync(items);
        var vectors = $"\"{database.Schema}\".\"{writer.Collection}_vectors\"";
        await RunAsync($"""
            UPDATE {vectors} t SET embedding = m.mean
                FROM (SELECT item_id, l2_normalize(avg(embedding)) AS mean FROM {vectors} WHERE query_index >= 0 GROUP BY item_id) m
                WHERE t.item_id = m.item_id AND t.query_index < 0;
            UPDATE "{database.Schema}"."{writer.Collection}_meta" SET schema_version = 4;
            """);
        var oid = await database.ScalarAsync<uint>("SELECT to_regclass($1)::oid", $"\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\"");

        var store = database.OpenStore(writer.Collection, options =>
        {
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 0;
            options.CentroidIndex = kind;
        });
        using var paths = new SearchPathRecorder(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(81), Categories = ["shoes"], Top = 5 };
        var hits = await store.SearchAsync(query);

        Assert.Equal(PgVectorCatalogSqlBuilder.SchemaVersion, await database.ScalarAsync<int>($"SELECT schema_version FROM \"{database.Schema}\".\"{writer.Collection}_meta\""));
        await AssertCentroidRowsAsync(writer.Collection, items);

        // The index was built again over the new rows (a new relation), of the kind asked for, and answers the search.
        Assert.NotEqual(oid, await database.ScalarAsync<uint>("SELECT to_regclass($1)::oid", $"\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\""));
        Assert.Equal(kind == PgVectorCentroidIndex.IvfFlat ? "ivfflat" : "hnsw", await database.ScalarAsync<string>($"SELECT a.amname::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = to_regclass('\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\"')"));
        Assert.Equal(["ann"], paths.Paths);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), hits);

        // Opening it again changes nothing: the version is current, so neither the rows nor the index are touched.
        var rebuilt = await database.ScalarAsync<uint>("SELECT to_regclass($1)::oid", $"\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\"");
        var again = database.OpenStore(writer.Collection, options => options.CentroidIndex = kind);
        Assert.Equal(items.Length, await again.CountAsync());
        Assert.Equal(rebuilt, await database.ScalarAsync<uint>("SELECT to_regclass($1)::oid", $"\"{database.Schema}\".\"{writer.Collection}_vectors_pooled_hnsw\""));
    }

    /// <summary>Every item has exactly the centroid rows the writer computes (rows -1 to -8), to float precision.</summary>
    private async Task AssertCentroidRowsAsync(string collection, IReadOnlyList<CatalogItem> items)
    {
        var stored = new Dictionary<(string, short), float[]>();
        await using (var command = database.DataSource.CreateCommand($"SELECT item_id, query_index, embedding FROM \"{database.Schema}\".\"{collection}_vectors\" WHERE query_index < 0"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[(reader.GetString(0), reader.GetInt16(1))] = reader.GetFieldValue<Pgvector.Vector>(2).ToArray();
            }
        }

        Assert.Equal(items.Count * PgVectorCentroids.PerItem, stored.Count);
        foreach (var item in items)
        {
            var centroids = PgVectorCentroids.Compute(item.Embedding);
            for (var c = 0; c < centroids.Length; c++)
            {
                Assert.Equal(centroids[c], stored[(item.Id, (short)(-1 - c))], new ToleranceComparer(1e-5f));
            }
        }
    }

    private async Task RunAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
