using MultimodalSearch.Benchmarks.Postgres;
using MultimodalSearch.Blip2;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;
using Npgsql;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Bulk loads (<see cref="ICatalogBulkLoader"/>): when the store drops the HNSW index and builds it at the end,
/// that searches stay exact meanwhile, and that an interrupted load leaves an index that the next store repairs.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorBulkLoadTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int BatchSize = 32;
    private static readonly ClusteredCatalog Generator = new(seed: 11);

    [Fact]
    public async Task A_deferred_load_into_an_empty_catalog_builds_the_index_only_when_it_ends()
    {
        var store = database.CreateStore(options =>
        {
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 0;
        });
        var items = Generator.Items(0, 128);

        var load = await store.BeginBulkLoadAsync(items.Length);

        Assert.True(load.Deferred);
        foreach (var batch in items.Chunk(BatchSize))
        {
            await store.UpsertAsync(batch);
            Assert.False(await IndexExistsAsync(store));
        }

        // Without the index, the index path is a scan of every row: exact.
        await AssertExactSearchesAsync(store, items);
        await load.EndAsync();

        Assert.True(await IndexExistsAsync(store));
        Assert.Contains(
            "USING hnsw (embedding vector_ip_ops) WITH (m='16', ef_construction='64')",
            await database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2", database.Schema, store.Collection + "_vectors_pooled_hnsw"),
            StringComparison.Ordinal);
        Assert.False(await BulkLoadLockHeldAsync(store));
        using (var paths = new SearchPathRecorder(store))
        {
            await AssertExactSearchesAsync(store, items);
            Assert.Equal(3, paths.Paths.Count);
            Assert.All(paths.Paths, path => Assert.StartsWith("ann", path, StringComparison.Ordinal));
        }

        // Writes after the load keep the index.
        await store.UpsertAsync(Generator.Items(128, 4));
        Assert.True(await IndexExistsAsync(store));
    }

    [Fact]
    public async Task A_small_load_into_a_larger_catalog_keeps_the_index()
    {
        var store = database.CreateStore(options => options.BulkLoadMinimumItems = 10);
        await store.UpsertAsync(Generator.Items(0, 50));
        var index = await IndexOidAsync(store);

        // 12 x 3 < 50: inserting 12 items into the index is cheaper than rebuilding it over 62.
        var load = await store.BeginBulkLoadAsync(12);
        await store.UpsertAsync(Generator.Items(50, 12));
        await load.EndAsync();

        Assert.False(load.Deferred);
        Assert.Same(CatalogBulkLoad.None, load);
        Assert.Equal(index, await IndexOidAsync(store));
    }

    [Fact]
    public async Task A_large_load_into_a_smaller_catalog_drops_the_index_and_builds_it_again_at_the_end()
    {
        var store = database.CreateStore(options => options.BulkLoadMinimumItems = 10);
        var items = Generator.Items(0, 64);
        await store.UpsertAsync(items[..20]);
        Assert.True(await IndexExistsAsync(store));

        // 44 x 3 >= 20.
        var load = await store.BeginBulkLoadAsync(44);

        Assert.True(load.Deferred);
        Assert.False(await IndexExistsAsync(store));
        Assert.True(await BulkLoadLockHeldAsync(store));
        foreach (var batch in items[20..].Chunk(BatchSize))
        {
            await store.UpsertAsync(batch);
        }

        Assert.False(await IndexExistsAsync(store));
        await load.EndAsync();
        Assert.True(await IndexExistsAsync(store));
        await AssertExactSearchesAsync(database.OpenStore(store.Collection, options => options.ExactSearchThreshold = 0), items);
    }

    [Fact]
    public async Task A_load_below_the_minimum_or_with_deferral_off_keeps_the_index_from_the_first_batch()
    {
        var below = database.CreateStore();
        var off = database.CreateStore(options => options.BulkLoadMinimumItems = 0);

        var small = await below.BeginBulkLoadAsync(99);
        var large = await off.BeginBulkLoadAsync(100_000);
        await below.UpsertAsync(Generator.Items(0, 4));
        await off.UpsertAsync(Generator.Items(0, 4));

        Assert.Same(CatalogBulkLoad.None, small);
        Assert.Same(CatalogBulkLoad.None, large);
        Assert.True(await IndexExistsAsync(below));
        Assert.True(await IndexExistsAsync(off));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => below.BeginBulkLoadAsync(-1));
    }

    [Fact]
    public async Task Ending_a_load_twice_builds_the_index_once()
    {
        var store = database.CreateStore(options => options.BulkLoadMinimumItems = 1);
        var load = await store.BeginBulkLoadAsync(8);
        await store.UpsertAsync(Generator.Items(0, 8));

        await load.EndAsync();
        var index = await IndexOidAsync(store);
        await load.EndAsync();

        Assert.Equal(index, await IndexOidAsync(store));
    }

    [Fact]
    public async Task Overlapping_loads_build_the_index_when_the_last_one_ends()
    {
        var store = database.CreateStore(options => options.BulkLoadMinimumItems = 1);
        var first = await store.BeginBulkLoadAsync(8);
        await store.UpsertAsync(Generator.Items(0, 8));
        var second = await store.BeginBulkLoadAsync(8);
        await store.UpsertAsync(Generator.Items(8, 8));

        await first.EndAsync();
        Assert.False(await IndexExistsAsync(store));
        Assert.True(await BulkLoadLockHeldAsync(store));
        await store.UpsertAsync(Generator.Items(16, 8));
        Assert.False(await IndexExistsAsync(store));

        await second.EndAsync();
        Assert.True(await IndexExistsAsync(store));
        Assert.False(await BulkLoadLockHeldAsync(store));
    }

    [Fact]
    public async Task Another_store_leaves_the_index_to_an_open_load_and_builds_it_once_the_load_is_gone()
    {
        var loader = database.CreateStore(options => options.BulkLoadMinimumItems = 1);
        var load = await loader.BeginBulkLoadAsync(16);
        await loader.UpsertAsync(Generator.Items(0, 8));

        // A store opened during the load neither repairs the index nor builds it after its own writes.
        var other = database.OpenStore(loader.Collection);
        await other.UpsertAsync(Generator.Items(8, 8));
        Assert.False(await IndexExistsAsync(loader));

        await load.EndAsync();
        Assert.True(await IndexExistsAsync(loader));
        Assert.Equal(16, await other.CountAsync());
    }

    [Theory]
    [InlineData("the store is disposed")]
    [InlineData("the process dies")]
    [InlineData("the index is dropped by hand")]
    public async Task A_load_that_never_ends_leaves_exact_searches_and_the_next_store_builds_the_index(string interruption)
    {
        // A name of its own lets the test find the loading store's sessions among the server's.
        var application = "abandon-" + Guid.NewGuid().ToString("N")[..8];
        var loader = database.CreateStore(options =>
        {
            options.BulkLoadMinimumItems = 1;
            options.ConnectionString += ";Application Name=" + application;
        });
        var items = Generator.Items(0, 96);
        await loader.UpsertAsync(items[..32]);
        var searcher = database.OpenStore(loader.Collection, options => options.ExactSearchThreshold = 0);
        Assert.Equal(32, await searcher.CountAsync());

        if (interruption == "the index is dropped by hand")
        {
            await loader.UpsertAsync(items[32..]);
            await using var drop = database.DataSource.CreateCommand($"DROP INDEX \"{database.Schema}\".\"{loader.Collection}_vectors_pooled_hnsw\"");
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            var load = await loader.BeginBulkLoadAsync(64);
            Assert.True(load.Deferred);
            await loader.UpsertAsync(items[32..]);
            if (interruption == "the store is disposed")
            {
                await loader.DisposeAsync();

                // Ending it afterwards does nothing: the index is left to the next store.
                await load.EndAsync();
            }
            else
            {
                // What the server sees of a process that dies: its connections go, and their locks with them.
                Assert.True(await database.ScalarAsync<long>("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", application) > 0);
                while (await database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", application) > 0)
                {
                    await Task.Delay(10);
                }
            }
        }

        Assert.False(await IndexExistsAsync(loader));
        Assert.False(await BulkLoadLockHeldAsync(loader));
        await AssertExactSearchesAsync(searcher, items);

        var next = database.OpenStore(loader.Collection, options => options.ExactSearchThreshold = 0);
        Assert.Equal(96, await next.CountAsync());

        Assert.True(await IndexExistsAsync(loader));
        await AssertExactSearchesAsync(next, items);
    }

    [Fact]
    public async Task A_cancelled_end_leaves_no_index_and_no_lock_and_the_next_store_builds_the_index()
    {
        var application = "cancel-end-" + Guid.NewGuid().ToString("N")[..8];
        var store = database.CreateStore(options => options.ConnectionString += ";Application Name=" + application);
        var items = Generator.Items(0, 600);
        var load = await store.BeginBulkLoadAsync(items.Length);
        foreach (var batch in items.Chunk(200))
        {
            await store.UpsertAsync(batch);
        }

        using var cancellation = new CancellationTokenSource();
        var end = load.EndAsync(cancellation.Token);
        await WaitForIndexBuildAsync(application, end);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => end);
        Assert.False(await IndexExistsAsync(store));
        Assert.False(await BulkLoadLockHeldAsync(store));
        var next = database.OpenStore(store.Collection);
        Assert.Equal(600, await next.CountAsync());
        Assert.True(await IndexExistsAsync(store));
        await AssertExactSearchesAsync(next, items);

        // Ending the cancelled load again finds the index built.
        await load.EndAsync();
        Assert.True(await IndexExistsAsync(store));
    }

    [Theory]
    [InlineData(100, 0, 100, true)]
    [InlineData(99, 0, 100, false)]
    [InlineData(100, 300, 100, true)]
    [InlineData(100, 301, 100, false)]
    [InlineData(1_000_000, 0, 0, false)]
    [InlineData(1, 3, 1, true)]
    public void A_load_is_deferred_from_the_minimum_when_the_catalog_is_empty_or_at_most_three_times_the_load(int expected, long stored, int minimum, bool deferred)
    {
        Assert.Equal(deferred, PgVectorBulkLoads.ShouldDefer(expected, stored, minimum));
    }

    [Fact]
    public async Task A_load_that_cannot_drop_the_index_within_the_lock_timeout_keeps_it_and_goes_on()
    {
        var store = database.CreateStore(options => options.BulkLoadLockTimeout = TimeSpan.FromMilliseconds(200));
        var items = Generator.Items(0, 40);
        await store.UpsertAsync(items[..8]);
        var index = await IndexOidAsync(store);

        // A long transaction that read the table holds a lock that DROP INDEX must wait for.
        await using (var reader = new NpgsqlConnection(database.ConnectionString))
        {
            await reader.OpenAsync();
            await using var transaction = await reader.BeginTransactionAsync();
            await using (var read = new NpgsqlCommand($"SELECT count(*) FROM \"{database.Schema}\".\"{store.Collection}_vectors\"", reader, transaction))
            {
                await read.ExecuteScalarAsync();
            }

            // Without the lock timeout the drop would wait for this transaction: a minute's limit makes that a failure, not a hang.
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var load = await store.BeginBulkLoadAsync(32, limit.Token);

            Assert.False(load.Deferred);
            Assert.False(await BulkLoadLockHeldAsync(store));
            await transaction.RollbackAsync();
        }

        await store.UpsertAsync(items[8..]);
        Assert.Equal(index, await IndexOidAsync(store));
        await AssertExactSearchesAsync(store, items);
    }

    [Fact]
    public async Task A_cancelled_ingestion_still_leaves_this_store_with_its_index_and_no_lock()
    {
        var store = database.CreateStore();
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirstWrite(cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CatalogIngestor(embedder, store, new IngestionOptions { BatchSize = 16 }).IngestAsync(CatalogSource.Open(TestPaths.DemoCatalog), progress, cancel.Token));

        var written = await store.CountAsync();
        Assert.InRange(written, 16, 359);
        Assert.True(await IndexExistsAsync(store));
        Assert.False(await BulkLoadLockHeldAsync(store));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task A_deferred_load_builds_its_index_with_the_configured_workers_and_searches_stay_exact(int workers)
    {
        var store = database.CreateStore(options =>
        {
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 0;
            options.IndexBuildWorkers = workers;
        });
        var items = Generator.Items(0, 96);
        var load = await store.BeginBulkLoadAsync(items.Length);
        foreach (var batch in items.Chunk(BatchSize))
        {
            await store.UpsertAsync(batch);
        }

        // PostgreSQL plans no workers for a table this small unless the table asks for them; with 1, pgvector
        // (0.8.2 or later on the test server) builds the graph in a worker and the leader, with 0 on one core.
        var vectors = $"\"{database.Schema}\".\"{store.Collection}_vectors\"";
        await database.ScalarAsync<int>($"ALTER TABLE {vectors} SET (parallel_workers = 2); SELECT 1");
        await load.EndAsync();

        Assert.True(await IndexExistsAsync(store));
        await AssertExactSearchesAsync(store, items);
    }

    private async Task AssertExactSearchesAsync(PgVectorCatalogStore store, IReadOnlyList<CatalogItem> items)
    {
        var queries = new[]
        {
            new CatalogQuery { Text = Generator.Text(1, 0), Top = 5 },
            new CatalogQuery { Text = Generator.Text(2, 3), Top = 5, Categories = [ClusteredCatalog.Category(3)] },
            new CatalogQuery { Image = items[7].Embedding, Top = 5 },
        };
        foreach (var query in queries)
        {
            CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, vectors => vectors.ToArray()), await store.SearchAsync(query));
        }
    }

    private Task<bool> IndexExistsAsync(PgVectorCatalogStore store) =>
        database.ScalarAsync<bool>("SELECT to_regclass($1) IS NOT NULL", $"\"{database.Schema}\".\"{store.Collection}_vectors_pooled_hnsw\"");

    private Task<uint> IndexOidAsync(PgVectorCatalogStore store) =>
        database.ScalarAsync<uint>("SELECT to_regclass($1)::oid", $"\"{database.Schema}\".\"{store.Collection}_vectors_pooled_hnsw\"");

    private Task<bool> BulkLoadLockHeldAsync(PgVectorCatalogStore store) =>
        database.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = hashtext($1)::oid AND objid = $2::oid AND objsubid = 2)",
            database.Schema + "." + store.Collection,
            PgVectorCatalogSqlBuilder.BulkLoadLockClass);

    private async Task WaitForIndexBuildAsync(string application, Task end)
    {
        const string building = """
            SELECT count(*) FROM pg_stat_progress_create_index p
            JOIN pg_stat_activity a ON a.pid = p.pid WHERE a.application_name = $1
            """;
        while (await database.ScalarAsync<long>(building, application) == 0)
        {
            if (end.IsCompleted)
            {
                await end;
                Assert.Fail("The index was built before the test could cancel its build; make the catalog larger.");
            }

            await Task.Delay(5);
        }
    }

    private sealed class CancelAfterFirstWrite(CancellationTokenSource cancel) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            if (value.Indexed > 0)
            {
                cancel.Cancel();
            }
        }
    }
}
