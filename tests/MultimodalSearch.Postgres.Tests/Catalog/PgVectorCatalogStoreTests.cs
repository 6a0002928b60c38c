using System.Net;
using System.Net.Sockets;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using Npgsql;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>What only the PostgreSQL store has: its schema, its rows, its settings and its errors, checked on a real server.</summary>
[RequiresPostgres]
public sealed class PgVectorCatalogStoreTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task First_upsert_creates_the_versioned_schema_the_vector_table_and_the_hnsw_index()
    {
        var store = database.CreateStore();

        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 1), CatalogItems.Create("b", "pants", 2)]);

        var meta = $"\"{database.Schema}\".\"{store.Collection}_meta\"";
        Assert.Equal(PgVectorCatalogSqlBuilder.SchemaVersion, await database.ScalarAsync<int>($"SELECT schema_version FROM {meta}"));
        Assert.Equal(SyntheticEmbeddings.Dimensions, await database.ScalarAsync<int>($"SELECT dimensions FROM {meta}"));
        Assert.Equal(SyntheticEmbeddings.QueryCount, await database.ScalarAsync<int>($"SELECT query_count FROM {meta}"));
        // 32 query vectors and 8 centroid rows per item.
        Assert.Equal(80L, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{database.Schema}\".\"{store.Collection}_vectors\""));
        Assert.Equal(
            $"vector({SyntheticEmbeddings.Dimensions})",
            await database.ScalarAsync<string>(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'embedding'",
                $"\"{database.Schema}\".\"{store.Collection}_vectors\""));
        var index = await database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2", database.Schema, store.Collection + "_vectors_pooled_hnsw");
        Assert.Contains("USING hnsw (embedding vector_ip_ops) WITH (m='16', ef_construction='64') WHERE (query_index < 0)", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_store_over_an_existing_collection_sees_its_items_and_its_shape()
    {
        var first = database.CreateStore();
        var item = CatalogItems.Create("kept", "shoes", 3);
        await first.UpsertAsync([item]);

        var second = database.OpenStore(first.Collection);

        Assert.Equal(1, await second.CountAsync());
        Assert.Equal(item.Embedding.Vectors.ToArray(), (await second.GetAsync("kept"))!.Embedding.Vectors.ToArray());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => second.UpsertAsync([CatalogItems.Create("other", "shoes", 4, dimensions: 64)]));
    }

    [Fact]
    public async Task Deleting_an_item_deletes_its_query_vector_rows()
    {
        var store = database.CreateStore();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 5), CatalogItems.Create("b", "shoes", 6)]);

        await store.DeleteAsync(["a"]);

        Assert.Equal(0L, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{database.Schema}\".\"{store.Collection}_vectors\" WHERE item_id = 'a'"));
        Assert.Equal(40L, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{database.Schema}\".\"{store.Collection}_vectors\""));
    }

    [Fact]
    public async Task Upserting_an_unchanged_item_rewrites_none_of_its_rows()
    {
        var store = database.CreateStore();
        var items = new[] { CatalogItems.Create("same", "shoes", 7), CatalogItems.Create("changed", "shoes", 8) };
        await store.UpsertAsync(items);
        var before = await RowVersionsAsync(store);

        await store.UpsertAsync([items[0], items[1] with { Name = "New name" }]);

        var after = await RowVersionsAsync(store);
        Assert.Equal(before["same"], after["same"]);
        Assert.NotEqual(before["changed"].Item, after["changed"].Item);
        Assert.Equal(before["changed"].Vectors, after["changed"].Vectors);
    }

    [Fact]
    public async Task Upsert_with_another_width_than_the_configured_one_is_rejected_before_anything_is_written()
    {
        var store = database.CreateStore(options => options.Dimensions = 128);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([CatalogItems.Create("a", "shoes", 9)]));

        Assert.Contains("configured for 128", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("surrogate")]
    public async Task Text_that_PostgreSQL_cannot_store_unchanged_is_rejected_with_ArgumentException(string flaw)
    {
        // Built here: xunit would replace a lone surrogate in theory data before the test sees it.
        var name = flaw == "nul" ? "nul\0inside" : "lone " + (char)0xD800 + " surrogate";
        var store = database.CreateStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([CatalogItems.Create("a", "shoes", 10) with { Name = name }]));

        Assert.Contains("name of item 'a'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task The_index_build_memory_applies_to_the_first_load_and_a_value_the_server_would_refuse_is_refused_before_any_work()
    {
        var good = database.CreateStore(options => options.IndexBuildMemory = "256MB");

        await good.UpsertAsync([CatalogItems.Create("a", "shoes", 14)]);
        var error = Assert.Throws<ArgumentException>(() => database.CreateStore(options => options.IndexBuildMemory = "plenty"));

        Assert.Equal(1, await good.CountAsync());
        Assert.Contains("IndexBuildMemory must be a PostgreSQL memory size", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 'plenty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vector_with_a_non_finite_value_is_rejected_with_ArgumentException()
    {
        var store = database.CreateStore();
        var vectors = SyntheticEmbeddings.NormalisedRows(11, 8, 2);
        vectors[5] = float.NaN;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([new CatalogItem { Id = "nan", Category = "shoes", Embedding = new ImageEmbedding(vectors, 2) }]));

        Assert.Contains("non-finite value (NaN) at position 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_whose_server_refuses_connections_fails_with_a_CatalogStoreException_naming_the_operation_and_server()
    {
        var port = UnusedPort();
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5" });

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => store.CountAsync());

        Assert.Equal("Count", error.Operation);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Reads_of_a_missing_catalog_find_it_empty_and_create_nothing_and_the_first_write_creates_it()
    {
        // A mistyped collection in an existing schema, and a mistyped schema.
        var collection = database.CreateStore();
        var missingSchema = database.Schema + "_typo";
        var schema = database.CreateStore(options => options.Schema = missingSchema);
        try
        {
            foreach (var store in new[] { collection, schema })
            {
                Assert.Equal(0, await store.CountAsync());
                Assert.Null(await store.GetAsync("a"));
                Assert.Empty(await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Top = 5 }));
                Assert.Empty(await store.GetCategoriesAsync());
                var facets = await store.GetFacetsAsync();
                Assert.Empty(facets.Categories);
                Assert.Empty(facets.Attributes);
            }

            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE $2", database.Schema, collection.Collection + "\\_%"));
            Assert.False(await database.ScalarAsync<bool>("SELECT to_regnamespace($1) IS NOT NULL", missingSchema));

            // The reads left the store free to see the catalog that a write creates.
            await collection.UpsertAsync([CatalogItems.Create("a", "shoes", 1)]);
            Assert.Equal(1, await collection.CountAsync());
            Assert.Equal(new[] { "shoes" }, await collection.GetCategoriesAsync());
        }
        finally
        {
            await database.ScalarAsync<int>($"DROP SCHEMA IF EXISTS \"{missingSchema}\" CASCADE; SELECT 1");
        }
    }

    [Fact]
    public async Task A_catalog_written_by_a_newer_library_version_is_refused()
    {
        var store = database.CreateStore();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 1)]);
        await database.ScalarAsync<int>($"UPDATE \"{database.Schema}\".\"{store.Collection}_meta\" SET schema_version = 99 RETURNING schema_version");

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => database.OpenStore(store.Collection).CountAsync());

        Assert.Equal("Initialize", error.Operation);
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_writers_of_different_widths_agree_on_one_shape()
    {
        var first = database.CreateStore();
        var second = database.OpenStore(first.Collection);

        var results = await Task.WhenAll(
            Capture(first.UpsertAsync([CatalogItems.Create("wide", "shoes", 12)])),
            Capture(second.UpsertAsync([CatalogItems.Create("narrow", "shoes", 13, dimensions: 64)])));

        Assert.Single(results, error => error is null);
        Assert.IsAssignableFrom<ArgumentException>(Assert.Single(results, error => error is not null));
        Assert.Equal(1, await first.CountAsync());
    }

    [Fact]
    public async Task A_small_catalog_is_scanned_exactly_unless_the_threshold_is_zero()
    {
        var store = database.CreateStore();
        await store.UpsertAsync([.. Enumerable.Range(0, 20).Select(i => CatalogItems.Create("item" + i, "shoes", 20 + i))]);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(15), Top = 5 };

        IReadOnlyList<CatalogHit> exact;
        using (var paths = new SearchPathRecorder(store))
        {
            exact = await store.SearchAsync(query);
            Assert.Equal(["exact"], paths.Paths);
        }

        var indexed = database.OpenStore(store.Collection, options => options.ExactSearchThreshold = 0);
        using (var paths = new SearchPathRecorder(indexed))
        {
            CatalogStoreAssert.SameHits(exact, await indexed.SearchAsync(query));
            Assert.Equal(["ann"], paths.Paths);
        }
    }

    [Fact]
    public async Task A_category_of_few_items_is_probed_by_scanning_its_centroid_rows_and_a_larger_one_through_the_index()
    {
        // 12 shoes, 30 bags: with a threshold of 12 items, a search in shoes scans its centroid rows; in bags (or in
        // both) it uses the HNSW index. Either way the candidates hold the exact top 5 here.
        var store = database.CreateStore(options =>
        {
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 12;
        });
        var items = Enumerable.Range(0, 12).Select(i => CatalogItems.Create("shoe" + i, "shoes", 40 + i))
            .Concat(Enumerable.Range(0, 30).Select(i => CatalogItems.Create("bag" + i, "bags", 60 + i))).ToList();
        await store.UpsertAsync(items);
        CatalogQuery[] queries =
        [
            new() { Text = SyntheticEmbeddings.Text(16), Categories = ["shoes"], Top = 5 },
            new() { Image = SyntheticEmbeddings.Image(17), Categories = ["shoes", "hats"], Top = 5 },
            new() { Text = SyntheticEmbeddings.Text(18), Categories = ["bags"], Top = 5 },
            new() { Text = SyntheticEmbeddings.Text(19), Categories = ["shoes", "bags"], Top = 5 },
        ];

        using var paths = new SearchPathRecorder(store);
        foreach (var query in queries)
        {
            CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), await store.SearchAsync(query));
        }

        Assert.Equal(["scanned-probe", "scanned-probe", "ann", "ann"], paths.Paths);
    }

    [Fact]
    public async Task A_catalog_analysed_when_small_and_grown_since_is_not_taken_for_small()
    {
        // The first load analyses the tables: 2 items of 32 vectors, under the threshold of 100 vectors.
        var store = database.CreateStore(options => options.ExactSearchThreshold = 100);
        await store.UpsertAsync([.. Enumerable.Range(0, 2).Select(i => CatalogItems.Create("item" + i, "shoes", 20 + i))]);
        var writer = database.OpenStore(store.Collection);
        await writer.UpsertAsync([.. Enumerable.Range(2, 40).Select(i => CatalogItems.Create("item" + i, "shoes", 20 + i))]);
        using var paths = new SearchPathRecorder(store);

        var hits = await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(15), Top = 5 });

        // 1,344 vectors now: the statistics of 64 no longer describe the table.
        Assert.Equal(["ann"], paths.Paths);
        Assert.Equal(5, hits.Count);
    }

    [Fact]
    public async Task Search_settings_apply_to_the_search_and_do_not_leak_into_the_pooled_connection()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();

        // pgvector's settings exist once its library is loaded in the session (a vector operator loads it).
        await using (var load = new NpgsqlCommand("SELECT '[1]'::vector <#> '[1]'::vector", connection))
        {
            await load.ExecuteScalarAsync();
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(PgVectorCatalogSqlBuilder.SearchSettings(PgVectorCatalogNames.Create(database.Schema, "no_such_catalog")))
                {
                    Parameters = { new() { Value = "123" }, new() { Value = "relaxed_order" }, new() { Value = "777" }, new() { Value = "relaxed_order" }, new NpgsqlParameter<int> { TypedValue = 5 } },
                },
                new NpgsqlBatchCommand("SELECT current_setting('hnsw.ef_search') || ',' || current_setting('hnsw.iterative_scan') || ',' || current_setting('hnsw.max_scan_tuples') || ',' || current_setting('ivfflat.iterative_scan') || ',' || current_setting('ivfflat.probes')"),
            },
        };
        string inBatch;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            await reader.ReadAsync();
            inBatch = reader.GetString(0);
        }

        await using var after = new NpgsqlCommand("SELECT current_setting('hnsw.ef_search') || ',' || current_setting('ivfflat.probes')", connection);
        // Explicit probes (the automatic ones: PgVectorIvfFlatIndexTests).
        Assert.Equal("123,relaxed_order,777,relaxed_order,5", inBatch);
        Assert.Equal("40,1", (string)(await after.ExecuteScalarAsync())!);
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private async Task<Dictionary<string, (string Item, string Vectors)>> RowVersionsAsync(PgVectorCatalogStore store)
    {
        // xmin changes whenever PostgreSQL writes a new version of a row.
        var sql = $"""
            SELECT i.id, i.xmin::text, (SELECT string_agg(v.xmin::text, ',' ORDER BY v.query_index) FROM "{database.Schema}"."{store.Collection}_vectors" v WHERE v.item_id = i.id)
            FROM "{database.Schema}"."{store.Collection}_items" i
            """;
        var versions = new Dictionary<string, (string, string)>();
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return versions;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
