using System.Diagnostics;
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
    private readonly string _directory = Directory.CreateTempSubdirectory("mms-pg-restart-").FullName;
    private string _connectionString = "";

    [Fact]
    public async Task Calls_while_the_server_is_down_fail_clearly_and_calls_after_it_is_back_succeed()
    {
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = _connectionString + ";Timeout=5" });
        var items = Enumerable.Range(0, 20).Select(i => CatalogItems.Create("item" + i, "shoes", 300 + i)).ToArray();
        await store.UpsertAsync(items);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(30), Top = 5 };
        var expected = await store.SearchAsync(query);

        // A restart between two calls: the pooled connections are dead, and the next call must not notice.
        await PgAsync("stop");
        await PgAsync("resume");
        CatalogStoreAssert.SameHits(expected, await store.SearchAsync(query));

        // Down: a clear error naming the operation and the server.
        await PgAsync("stop");
        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => store.SearchAsync(query));
        Assert.Equal("Search", error.Operation);
        Assert.Contains("127.0.0.1:", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CatalogStoreException>(() => store.UpsertAsync([CatalogItems.Create("late", "shoes", 400)]));

        // Back: everything committed is there, and nothing of the failed upsert.
        await PgAsync("resume");
        Assert.Equal(items.Length, await store.CountAsync());
        CatalogStoreAssert.SameHits(expected, await store.SearchAsync(query));
        Assert.Null(await store.GetAsync("late"));
    }

    public async Task InitializeAsync() => _connectionString = (await PgAsync("start")).Trim();

    public async Task DisposeAsync()
    {
        await PgAsync("stop");
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string> PgAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PostgresTestServer.Script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_directory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg.sh {command} failed ({process.ExitCode}): {await errors}");
        return await output;
    }
}
