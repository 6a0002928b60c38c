using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// The PostgreSQL server the benchmarks use: <c>MULTIMODALSEARCH_BENCH_POSTGRES</c>, else
/// <c>MULTIMODALSEARCH_TEST_POSTGRES</c> (start one with <c>tools/postgres/pg.sh start</c>).
/// </summary>
internal static class PostgresBenchmarkServer
{
    /// <summary>The schema the benchmarks' catalogs live in; kept between runs so that large catalogs load once.</summary>
    public const string Schema = "multimodal_search_bench";

    /// <summary>Gets the connection string.</summary>
    /// <exception cref="InvalidOperationException">Neither variable is set.</exception>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable("MULTIMODALSEARCH_TEST_POSTGRES") is { Length: > 0 } test ? test
        : throw new InvalidOperationException(
            "Set MULTIMODALSEARCH_BENCH_POSTGRES (or MULTIMODALSEARCH_TEST_POSTGRES) to a PostgreSQL + pgvector connection string; "
            + "'sudo tools/postgres/pg.sh install && sudo tools/postgres/pg.sh start' prints one.");

    /// <summary>Creates a data source with the pgvector types.</summary>
    /// <returns>The data source.</returns>
    public static NpgsqlDataSource CreateDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseVector();
        return builder.Build();
    }

    /// <summary>Opens a store over <paramref name="collection"/>, loading <paramref name="items"/> clustered items unless it holds them already.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="items">The number of items.</param>
    /// <param name="generator">Makes the items.</param>
    /// <returns>The store.</returns>
    public static PgVectorCatalogStore OpenLoaded(string collection, int items, ClusteredCatalog generator) => OpenLoadedTimed(collection, items, generator).Store;

    /// <summary>
    /// Opens a store over <paramref name="collection"/>, loading <paramref name="items"/> clustered items unless it holds
    /// them already: up to 50,000 in one upsert, more through a bulk load of 25,000-item batches (memory).
    /// </summary>
    /// <param name="collection">The collection.</param>
    /// <param name="items">The number of items.</param>
    /// <param name="generator">Makes the items.</param>
    /// <param name="centroidIndex">The kind of centroid index.</param>
    /// <returns>The store, and the seconds the load took (COPY, keys, index build), or null when it was loaded already.</returns>
    public static (PgVectorCatalogStore Store, double? LoadSeconds) OpenLoadedTimed(string collection, int items, ClusteredCatalog generator, PgVectorCentroidIndex centroidIndex = PgVectorCentroidIndex.Hnsw)
    {
        PgVectorCatalogOptions Options() => new() { ConnectionString = ConnectionString, Schema = Schema, Collection = collection, CentroidIndex = centroidIndex };
        var store = PgVectorCatalogStore.Create(Options());
        if (store.CountAsync().GetAwaiter().GetResult() == items)
        {
            return (store, null);
        }

        using var dataSource = CreateDataSource();
        using (var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {Schema}.{collection}_vectors, {Schema}.{collection}_items, {Schema}.{collection}_meta"))
        {
            drop.ExecuteNonQuery();
        }

        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        store = PgVectorCatalogStore.Create(Options());
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (items <= 50_000)
        {
            store.UpsertAsync(generator.Items(0, items)).GetAwaiter().GetResult();
        }
        else
        {
            var load = store.BeginBulkLoadAsync(items).GetAwaiter().GetResult();
            for (var first = 0; first < items; first += 25_000)
            {
                store.UpsertAsync(generator.Items(first, Math.Min(25_000, items - first))).GetAwaiter().GetResult();
            }

            load.EndAsync().GetAwaiter().GetResult();
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"// LOAD {items} items x {ClusteredCatalog.QueryCount} vectors (COPY, keys, {centroidIndex} build): {seconds:F1} s");
        return (store, seconds);
    }
}
