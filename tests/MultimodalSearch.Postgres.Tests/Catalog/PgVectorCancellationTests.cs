using MultimodalSearch.Benchmarks.Postgres;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>Crash safety of bulk loads: a load cancelled halfway through its COPY rolls back whole.</summary>
[RequiresPostgres]
public sealed class PgVectorCancellationTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int Committed = 200;
    private const int Batch = 6000;

    [Fact]
    public async Task Cancelling_a_bulk_load_halfway_loses_nothing_committed_and_applies_nothing_of_the_load()
    {
        // A name of its own lets the test find this store's COPY among the server's sessions.
        var application = "cancel-" + Guid.NewGuid().ToString("N")[..8];
        var store = database.CreateStore(options => options.ConnectionString += ";Application Name=" + application);
        var generator = new ClusteredCatalog(seed: 3);
        var before = generator.Items(0, Committed);
        await store.UpsertAsync(before);

        // The load moves the last 100 committed items to another category and adds 5,900 new items.
        var load = generator.Items(Committed - 100, Batch).Select(item => item with { Category = "moved" }).ToArray();
        using var cancellation = new CancellationTokenSource();
        var upsert = store.UpsertAsync(load, cancellation.Token);
        var halfOfTheVectors = Batch * ClusteredCatalog.QueryCount / 2;
        await WaitForCopyProgressAsync(application, halfOfTheVectors, upsert);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upsert);
        Assert.Equal(Committed, await store.CountAsync());
        Assert.Equal([ClusteredCatalog.Category(0), ClusteredCatalog.Category(1), ClusteredCatalog.Category(2), ClusteredCatalog.Category(3), ClusteredCatalog.Category(4), ClusteredCatalog.Category(5)], await store.GetCategoriesAsync());
        var kept = await store.GetAsync(before[^1].Id);
        Assert.Equal(before[^1].Category, kept!.Category);
        Assert.Equal(before[^1].Embedding.Vectors.ToArray(), kept.Embedding.Vectors.ToArray());
        Assert.Null(await store.GetAsync(load[^1].Id));
        Assert.Equal((long)Committed * (ClusteredCatalog.QueryCount + PgVectorCentroids.PerItem), await database.ScalarAsync<long>($"SELECT count(*) FROM \"{database.Schema}\".\"{store.Collection}_vectors\""));

        // The store and its pooled connection are fine afterwards.
        await store.UpsertAsync(load[..10]);
        Assert.Equal("moved", (await store.GetAsync(load[0].Id))!.Category);
    }

    private async Task WaitForCopyProgressAsync(string application, long rows, Task upsert)
    {
        const string progress = """
            SELECT coalesce(max(p.tuples_processed), 0) FROM pg_stat_progress_copy p
            JOIN pg_stat_activity a ON a.pid = p.pid WHERE a.application_name = $1
            """;
        while (await database.ScalarAsync<long>(progress, application) < rows)
        {
            if (upsert.IsCompleted)
            {
                await upsert;
                Assert.Fail($"The load finished before {rows} vector rows were seen in the COPY; make the batch larger.");
            }

            await Task.Delay(5);
        }
    }
}
