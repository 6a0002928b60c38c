using System.Diagnostics;
using System.Globalization;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Reads from a streaming-replication standby, writes to the primary: a private primary and a standby made from it by
/// <c>pg_basebackup</c> (tools/postgres/pg.sh start / standby), on loopback, so that the other tests' server is never touched.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorStandbyTests : IAsyncLifetime
{
    /// <summary>How long the standby may take to replay the primary's writes (loopback replication replays in milliseconds; the slack is for a loaded CI machine).</summary>
    private static readonly TimeSpan ReplayWait = TimeSpan.FromSeconds(30);

    private readonly string _primaryDirectory = Directory.CreateTempSubdirectory("mms-pg-primary-").FullName;
    private readonly string _standbyDirectory = Directory.CreateTempSubdirectory("mms-pg-standby-").FullName;
    private int _primaryPort;
    private int _standbyPort;

    [Fact]
    public async Task Searches_go_to_the_standby_writes_to_the_primary_and_searches_carry_on_from_the_primary_when_the_standby_stops()
    {
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions
        {
            ConnectionString = $"Host=127.0.0.1:{_primaryPort},127.0.0.1:{_standbyPort};Username=postgres;Database=multimodal_search_test;Timeout=5",
            ReadFromStandbys = true,
            ExactSearchThreshold = 0,
            ExactProbeThreshold = 0,
        });
        using var searches = new SearchPathRecorder(store);
        var items = Enumerable.Range(0, 60).Select(i => CatalogItems.Create("item" + i.ToString("D2", CultureInfo.InvariantCulture), i % 2 == 0 ? "shoes" : "pants", 900 + i)).ToArray();
        await store.UpsertAsync(items);
        await WaitForReplayAsync();

        // Written on the primary; the index (built there) is replayed on the standby, which answers the search through it.
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(91), Categories = ["shoes"], Top = 5 };
        var hits = await store.SearchAsync(query);
        CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), hits);
        Assert.Equal(_standbyPort, searches.Ports[^1]);
        Assert.Equal("ann", searches.Paths[^1]);
        Assert.True(await ScalarAsync<bool>(_standbyPort, "SELECT pg_is_in_recovery()"));
        Assert.True(await ScalarAsync<bool>(_standbyPort, $"SELECT to_regclass('multimodal_search.catalog_vectors_pooled_hnsw') IS NOT NULL"));

        // An item indexed on the primary is found on the standby once replayed, within the bounded wait.
        var late = CatalogItems.Create("late", "shoes", 999);
        await store.UpsertAsync([late]);
        await WaitForReplayAsync();
        var lateQuery = new CatalogQuery { Image = late.Embedding, Categories = ["shoes"], Top = 1 };
        Assert.Equal("late", Assert.Single(await store.SearchAsync(lateQuery)).Id);
        Assert.Equal(_standbyPort, searches.Ports[^1]);
        Assert.Equal(61, await store.CountAsync());

        // The standby stops mid-run: searches carry on from the primary, with the same results.
        await PgAsync("stop", _standbyDirectory);
        CatalogStoreAssert.SameHits(hits, await store.SearchAsync(query));
        Assert.Equal(_primaryPort, searches.Ports[^1]);
        Assert.Equal("late", (await store.SearchAsync(lateQuery))[0].Id);
    }

    public async Task InitializeAsync()
    {
        await PgAsync("start", _primaryDirectory);
        await PgAsync("standby", _primaryDirectory, _standbyDirectory);
        _primaryPort = int.Parse(await File.ReadAllTextAsync(Path.Combine(_primaryDirectory, "port")), CultureInfo.InvariantCulture);
        _standbyPort = int.Parse(await File.ReadAllTextAsync(Path.Combine(_standbyDirectory, "port")), CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await PgAsync("stop", _standbyDirectory);
        await PgAsync("stop", _primaryDirectory);
        Directory.Delete(_standbyDirectory, recursive: true);
        Directory.Delete(_primaryDirectory, recursive: true);
    }

    /// <summary>Waits, at most <see cref="ReplayWait"/>, until the standby has replayed everything the primary has written so far.</summary>
    private async Task WaitForReplayAsync()
    {
        // The insert position, not the write position: the test server commits asynchronously (synchronous_commit off), so
        // a commit record can still sit in the WAL buffers, past pg_current_wal_lsn(), when the wait begins.
        var written = await ScalarAsync<string>(_primaryPort, "SELECT pg_current_wal_insert_lsn()::text");
        var started = Stopwatch.GetTimestamp();
        while (!await ScalarAsync<bool>(_standbyPort, $"SELECT coalesce(pg_last_wal_replay_lsn() >= '{written}'::pg_lsn, false)"))
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < ReplayWait, $"The standby did not replay the primary's writes (up to {written}) within {ReplayWait.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }

    private static async Task<T> ScalarAsync<T>(int port, string sql)
    {
        var builder = new NpgsqlDataSourceBuilder($"Host=127.0.0.1;Port={port};Username=postgres;Database=multimodal_search_test");
        builder.UseVector();
        await using var dataSource = builder.Build();
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task PgAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PostgresTestServer.Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        Assert.True(process.ExitCode == 0, $"pg.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
    }
}
