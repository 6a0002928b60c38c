using System.Diagnostics;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using Xunit.Abstractions;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// A server that stops answering with its sockets open (every process stopped with SIGSTOP) on a private
/// cluster: calls fail within <see cref="PgVectorCatalogOptions.CommandTimeout"/> (plus the cancellation's wait)
/// with an error that names the limit, instead of hanging for a minute, and the store recovers when it thaws.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorFrozenServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    // The bound under test is the limit plus at most 2 s of cancellation; the slack absorbs a loaded machine.
    // Before the limit applied, such a call took 60-65 s.
    private static readonly TimeSpan Bound = Limit + TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(20);

    private PrivatePostgresCluster? _cluster;

    private PrivatePostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    [Fact]
    public async Task Calls_to_a_frozen_server_fail_within_the_command_timeout_naming_it_and_calls_after_it_thaws_succeed()
    {
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = Cluster.ConnectionString, CommandTimeout = Limit });
        var items = Enumerable.Range(0, 20).Select(i => CatalogItems.Create("item" + i, "shoes", 300 + i)).ToArray();
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(30), Top = 5 };
        var expected = await store.SearchAsync(query);

        await Cluster.FreezeAsync();
        try
        {
            // On a pooled connection: the statement is sent and never answered.
            var search = await FailsWithinBoundAsync(() => store.SearchAsync(query));
            Assert.Equal("Search", search.Operation);

            // That connection is broken now, so this one opens a new connection, which the frozen postmaster never accepts.
            var count = await FailsWithinBoundAsync(() => store.CountAsync());
            Assert.Equal("Count", count.Operation);
        }
        finally
        {
            await Cluster.ThawAsync();
        }

        Assert.Equal(items.Length, await store.CountAsync());
        CatalogStoreAssert.SameHits(expected, await store.SearchAsync(query));
    }

    public async Task InitializeAsync() => _cluster = await PrivatePostgresCluster.StartAsync("mms-pg-frozen-");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private async Task<CatalogStoreException> FailsWithinBoundAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CatalogStoreException>(call);
        clock.Stop();
        output.WriteLine($"Failed after {clock.Elapsed.TotalSeconds:F1} s: {error.Message}");
        Assert.Contains("did not answer within 3 s (PgVectorCatalogOptions.CommandTimeout, MultimodalSearch:Postgres:CommandTimeout)", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Bound, $"The call failed after {clock.Elapsed.TotalSeconds:F1} s; the limit is {Limit.TotalSeconds} s plus the cancellation's wait.");
        return error;
    }
}
