using System.Diagnostics;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using Npgsql;
using Xunit.Abstractions;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Bulk statements (merges, index builds) on a server that freezes while they run (every process stopped with
/// SIGSTOP, sockets open), on a private cluster: they run under <see cref="PgVectorCatalogOptions.BulkTimeout"/>
/// (left at its hour here), yet fail once the server has not answered a liveness check for
/// <see cref="PgVectorCatalogOptions.CommandTimeout"/>, naming it; the catalog stays as it was, and the same work
/// succeeds after the server thaws. A statement that waits on a live server goes on past the limit.
/// </summary>
/// <remarks>
/// Deterministic: the test holds a lock the statement needs, waits until <c>pg_stat_activity</c> shows the statement
/// waiting for it, and only then freezes the server.
/// </remarks>
[RequiresPostgres]
public sealed class PgVectorFrozenBulkLoadTests(PrivatePostgresClusterFixture clusters, ITestOutputHelper output) : IClassFixture<PrivatePostgresClusterFixture>
{
    // Not less: every statement of the store runs under this limit, also the work after the thaw on a loaded machine.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    // Detection takes at most 1.5 limits, the cancellation (its request, then its wait) up to a limit and 2 s more, and
    // a load's end then releases its lock under the limit and its cancellation again: measured 10-12 s for a merge and
    // 18 s for a build (25.5 s once, on a loaded machine). The slack absorbs such machines. Without the watch these calls
    // would wait for BulkTimeout (an hour).
    private static readonly TimeSpan Bound = (Limit * 4) + TimeSpan.FromSeconds(4) + TimeSpan.FromSeconds(35);

    [Fact]
    public async Task An_index_build_on_a_frozen_server_fails_within_the_command_timeout_and_the_same_load_ends_after_it_thaws()
    {
        var cluster = await clusters.GetAsync();
        await using var store = CreateStore(cluster, "build");
        var items = Items(0, 24);
        var load = await store.BeginBulkLoadAsync(items.Length);
        Assert.True(load.Deferred);
        await store.UpsertAsync(items);

        Task end;
        await using (var blocker = await LockAsync(cluster, "build", "vectors", "ROW EXCLUSIVE"))
        {
            end = load.EndAsync();
            await WaitUntilWaitingAsync(cluster, "CREATE INDEX", end);

            // The server answers while the build waits: the watch lets it run past the limit.
            await Task.Delay(Limit * 1.5);
            Assert.False(end.IsCompleted, "The index build was cancelled although the server answered.");

            var error = await FailsWhileFrozenAsync(cluster, end);
            Assert.Equal("EndBulkLoad", error.Operation);
            Assert.Contains("while the HNSW index build ran", error.Message, StringComparison.Ordinal);
        }

        Assert.False(await ScalarAsync<bool>(cluster, "SELECT to_regclass('multimodal_search.build_vectors_pooled_hnsw') IS NOT NULL"));
        await load.EndAsync();
        Assert.True(await ScalarAsync<bool>(cluster, "SELECT to_regclass('multimodal_search.build_vectors_pooled_hnsw') IS NOT NULL"));
        await AssertHoldsExactlyAsync(cluster, store, "build", items);
    }

    [Fact]
    public async Task A_batch_merge_on_a_frozen_server_fails_within_the_command_timeout_and_the_same_batch_loads_after_it_thaws()
    {
        var cluster = await clusters.GetAsync();
        await using var store = CreateStore(cluster, "merge");
        var first = Items(0, 16);
        await store.UpsertAsync(first);

        // Half updates of stored items (other vectors), half new items.
        var batch = Items(8, 16, seed: 1000);
        await using (var blocker = await LockAsync(cluster, "merge", "items", "SHARE"))
        {
            var upsert = store.UpsertAsync(batch);
            await WaitUntilWaitingAsync(cluster, "INSERT INTO", upsert);

            var error = await FailsWhileFrozenAsync(cluster, upsert);
            Assert.Equal("Upsert", error.Operation);
            Assert.Contains("while the merge of the items ran", error.Message, StringComparison.Ordinal);
        }

        // Nothing of the failed batch was written.
        await AssertHoldsExactlyAsync(cluster, store, "merge", first);

        await store.UpsertAsync(batch);
        await AssertHoldsExactlyAsync(cluster, store, "merge", [.. first.Take(8), .. batch]);
    }

    private static PgVectorCatalogStore CreateStore(PrivatePostgresCluster cluster, string collection) =>
        PgVectorCatalogStore.Create(new PgVectorCatalogOptions
        {
            ConnectionString = cluster.ConnectionString,
            Collection = collection,
            CommandTimeout = Limit,
            BulkLoadMinimumItems = 10,
        });

    private static CatalogItem[] Items(int start, int count, int seed = 0) =>
        [.. Enumerable.Range(start, count).Select(i => CatalogItems.Create("item" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), "shoes", seed + i))];

    /// <summary>Opens a connection whose open transaction holds <paramref name="mode"/> on a table of the catalog; disposing it releases the lock.</summary>
    private static async Task<NpgsqlConnection> LockAsync(PrivatePostgresCluster cluster, string collection, string table, string mode)
    {
        var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE multimodal_search.{collection}_{table} IN {mode} MODE", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Waits until a statement starting with <paramref name="statement"/> waits for a lock, that is until it runs and cannot finish.</summary>
    private static async Task WaitUntilWaitingAsync(PrivatePostgresCluster cluster, string statement, Task call)
    {
        const string waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND state = 'active' AND query LIKE $1";
        while (await ScalarAsync<long>(cluster, waiting, statement + "%") == 0)
        {
            if (call.IsCompleted)
            {
                await call;
                Assert.Fail($"The call ended before its {statement} statement waited for the lock the test holds.");
            }

            await Task.Delay(20);
        }
    }

    private async Task<CatalogStoreException> FailsWhileFrozenAsync(PrivatePostgresCluster cluster, Task call)
    {
        await cluster.FreezeAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            // Bounded, so that a statement left to BulkTimeout fails the test instead of holding it for an hour.
            var error = await Assert.ThrowsAsync<CatalogStoreException>(() => call.WaitAsync(Bound));
            clock.Stop();
            output.WriteLine($"Failed after {clock.Elapsed.TotalSeconds:F1} s: {error.Message}");
            Assert.Contains($"did not answer within {Limit.TotalSeconds} s (PgVectorCatalogOptions.CommandTimeout, MultimodalSearch:Postgres:CommandTimeout): it stopped answering for ", error.Message, StringComparison.Ordinal);
            Assert.True(error.IsTransient);
            Assert.True(clock.Elapsed < Bound, $"The call failed after {clock.Elapsed.TotalSeconds:F1} s; the limit is {Limit.TotalSeconds} s.");
            return error;
        }
        finally
        {
            await cluster.ThawAsync();
        }
    }

    /// <summary>Asserts that the catalog holds <paramref name="expected"/>, each item once with its own vectors, and nothing else.</summary>
    private static async Task AssertHoldsExactlyAsync(PrivatePostgresCluster cluster, PgVectorCatalogStore store, string collection, IReadOnlyList<CatalogItem> expected)
    {
        Assert.Equal(expected.Count, await store.CountAsync());
        Assert.Equal(expected.Count, await ScalarAsync<long>(cluster, $"SELECT count(DISTINCT item_id) FROM multimodal_search.{collection}_vectors"));
        foreach (var item in expected)
        {
            var stored = await store.GetAsync(item.Id);
            Assert.NotNull(stored);
            Assert.Equal(item.ContentHash, stored.ContentHash);
            Assert.Equal(item.Embedding.Vectors.ToArray(), stored.Embedding.Vectors.ToArray());
        }
    }

    private static async Task<T> ScalarAsync<T>(PrivatePostgresCluster cluster, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
