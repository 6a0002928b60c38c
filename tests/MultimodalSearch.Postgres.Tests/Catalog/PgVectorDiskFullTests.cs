using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;
using Npgsql;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The disk under the catalog's tables filling up during a load, on a private cluster whose tables live in a
/// tablespace on a small tmpfs: the failing upsert reports it clearly, everything committed before stays whole,
/// nothing of the failed batch is applied, and after space is freed the same store finishes the load.
/// </summary>
/// <remarks>
/// The tablespace holds the tables and indexes; the write-ahead log stays on the main disk, because PostgreSQL
/// stops the whole server (PANIC) when it cannot write its log, and recovery from a stopped server is what
/// <see cref="PgVectorServerRestartTests"/> covers. Mounting needs root (as in CI).
/// </remarks>
[RequiresPostgres]
public sealed class PgVectorDiskFullTests : IAsyncLifetime
{
    private const int BatchSize = 40;
    private PrivatePostgresCluster? _cluster;
    private string _disk = "";
    private bool _mounted;

    private PrivatePostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    [Fact]
    public async Task A_full_disk_fails_the_upsert_clearly_loses_nothing_committed_and_the_load_completes_after_space_is_freed()
    {
        await using var store = PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = Cluster.ConnectionString });
        // About 75 KB per item with its index entries: the 12 MB disk fills around the fourth of these eight batches.
        var items = Enumerable.Range(0, 8 * BatchSize).Select(i => CatalogItems.Create($"item{i:D4}", "c" + (i % 4), 500 + i, 256, 32)).ToArray();
        var batches = items.Chunk(BatchSize).ToArray();

        var committed = 0;
        CatalogStoreException? error = null;
        foreach (var batch in batches)
        {
            try
            {
                await store.UpsertAsync(batch);
                committed++;
            }
            catch (CatalogStoreException ex)
            {
                error = ex;
                break;
            }
        }

        Assert.True(error is not null, "The small disk never filled up; make the load larger.");
        Assert.True(committed > 0, "The first batch should have fit on the small disk.");
        Assert.Equal("Upsert", error.Operation);
        Assert.Contains("53100", error.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);

        // Nothing committed is lost, nothing of the failed batch is there, and the catalog still answers.
        var done = items[..(committed * BatchSize)];
        Assert.Equal(done.Length, await store.CountAsync());
        Assert.Equal(done[^1].Embedding.Vectors.ToArray(), (await store.GetAsync(done[^1].Id))!.Embedding.Vectors.ToArray());
        Assert.Null(await store.GetAsync(batches[committed][0].Id));
        Assert.Equal(5, (await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(3, dimensions: 256), Top = 5 })).Count);

        // Space freed: the same store resumes with the failed batch and finishes the load.
        await RunAsync("mount", "-o", "remount,size=512m", _disk);
        foreach (var batch in batches[committed..])
        {
            await store.UpsertAsync(batch);
        }

        Assert.Equal(items.Length, await store.CountAsync());
        Assert.Equal(items[^1].Embedding.Vectors.ToArray(), (await store.GetAsync(items[^1].Id))!.Embedding.Vectors.ToArray());
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(4, dimensions: 256), Top = 10 };
        Assert.Equal(10, (await store.SearchAsync(query)).Count);
    }

    public async Task InitializeAsync()
    {
        _cluster = await PrivatePostgresCluster.StartAsync("mms-pg-disk-full-");
        _disk = Path.Combine(Cluster.Directory, "small-disk");
        Directory.CreateDirectory(_disk);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", _disk);
        _mounted = true;
        await RunAsync("chown", "postgres:", _disk);
        await using var connection = new NpgsqlConnection(Cluster.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { $"CREATE TABLESPACE small_disk LOCATION '{_disk}'", $"ALTER DATABASE \"{connection.Database}\" SET default_tablespace = small_disk" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        await _cluster.StopAsync();
        if (_mounted)
        {
            await RunAsync("umount", _disk);
        }

        await _cluster.DisposeAsync();
    }

    private static Task RunAsync(string command, params string[] arguments) => ExternalCommand.RunAsync(command, arguments);
}
