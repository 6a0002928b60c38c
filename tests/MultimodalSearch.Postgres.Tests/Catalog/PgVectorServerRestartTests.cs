using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The server going away and coming back, on a private throwaway cluster (tools/postgres/pg.sh) so that
/// the other tests' server is never stopped.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorServerRestartTests : IAsyncLifetime
{
    private PrivatePostgresCluster? _cluster;

    private PrivatePostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    [Fact]
    public async Task Calls_while_the_server_is_down_fail_clearly_and_calls_after_it_is_back_succeed()
    {
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = Cluster.ConnectionString + ";Timeout=5" });
        var items = Enumerable.Range(0, 20).Select(i => CatalogItems.Create("item" + i, "shoes", 300 + i)).ToArray();
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(30), Top = 5 };
        var expected = await store.SearchAsync(query);

        // A restart between two calls: the pooled connections are dead, and the next call must not notice.
        await Cluster.StopAsync();
        await Cluster.ResumeAsync();
        CatalogStoreAssert.SameHits(expected, await store.SearchAsync(query));

        // Down: a clear error naming the operation and the server.
        await Cluster.StopAsync();
        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => store.SearchAsync(query));
        Assert.Equal("Search", error.Operation);
        Assert.Contains("127.0.0.1:", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CatalogStoreException>(() => store.UpsertAsync([CatalogItems.Create("late", "shoes", 400)]));

        // Back: everything committed is there, and nothing of the failed upsert.
        await Cluster.ResumeAsync();
        Assert.Equal(items.Length, await store.CountAsync());
        CatalogStoreAssert.SameHits(expected, await store.SearchAsync(query));
        Assert.Null(await store.GetAsync("late"));
    }

    public async Task InitializeAsync() => _cluster = await PrivatePostgresCluster.StartAsync("mms-pg-restart-");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
