using Microsoft.Extensions.Logging.Abstractions;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// Loading a batch into an empty catalog: the store's COPY BINARY path (items staged and merged, query vectors
/// copied straight into the new table, then its key, cascade and category index) against row-by-row INSERTs of
/// the same rows into the same tables, followed by the same keys and index. Both run in a transaction that is
/// rolled back, so every invocation starts from the same empty tables; the HNSW build, the same for both, is left out.
/// Run with <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *PgVectorBulkLoad*</c>.
/// </summary>
[Config(typeof(Config))]
public class PgVectorBulkLoadBenchmarks
{
    private const string Collection = "bench_load";
    private readonly PgVectorCatalogNames _names = PgVectorCatalogNames.Create(PostgresBenchmarkServer.Schema, Collection);
    private NpgsqlDataSource _dataSource = null!;
    private CatalogItem[] _items = [];

    [Params(2_000)]
    public int Items { get; set; }

    /// <summary>Gets the rows one invocation writes: the items and their query vectors.</summary>
    public int Rows => Items * (1 + ClusteredCatalog.QueryCount);

    [GlobalSetup]
    public void Setup()
    {
        _items = new ClusteredCatalog(seed: 5).Items(0, Items);
        _dataSource = PostgresBenchmarkServer.CreateDataSource();

        // The store creates the schema and the items table; the benchmark tables below are the ones a first load gets.
        var store = PgVectorCatalogStore.Create(_dataSource, new PgVectorCatalogOptions { Schema = PostgresBenchmarkServer.Schema, Collection = Collection });
        store.CountAsync().GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// ROWS per invocation: {Rows} ({Items} items + {Items * ClusteredCatalog.QueryCount} query vectors)");
    }

    [GlobalCleanup]
    public void Cleanup() => _dataSource.Dispose();

    [Benchmark(Baseline = true)]
    public async Task RowByRowInsert()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await CreateVectorsTableAsync(connection);
        await using (var insertItem = new NpgsqlCommand(
            $"INSERT INTO {_names.Items} (id, category, name, image_location, content_hash, metadata) VALUES ($1, $2, $3, $4, $5, $6::jsonb)",
            connection))
        {
            for (var p = 0; p < 6; p++)
            {
                insertItem.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
            }

            await insertItem.PrepareAsync();
            foreach (var item in _items)
            {
                insertItem.Parameters[0].Value = item.Id;
                insertItem.Parameters[1].Value = item.Category;
                insertItem.Parameters[2].Value = item.Name;
                insertItem.Parameters[3].Value = (object?)item.ImageLocation ?? DBNull.Value;
                insertItem.Parameters[4].Value = (object?)item.ContentHash ?? DBNull.Value;
                insertItem.Parameters[5].Value = "{}";
                await insertItem.ExecuteNonQueryAsync();
            }
        }

        await using (var insertVector = new NpgsqlCommand($"INSERT INTO {_names.Vectors} (item_id, query_index, category, embedding) VALUES ($1, $2, $3, $4)", connection))
        {
            insertVector.Parameters.Add(new NpgsqlParameter<string>());
            insertVector.Parameters.Add(new NpgsqlParameter<short>());
            insertVector.Parameters.Add(new NpgsqlParameter<string>());
            insertVector.Parameters.Add(new NpgsqlParameter<Vector>());
            await insertVector.PrepareAsync();
            foreach (var item in _items)
            {
                for (var q = 0; q < item.Embedding.QueryCount; q++)
                {
                    ((NpgsqlParameter<string>)insertVector.Parameters[0]).TypedValue = item.Id;
                    ((NpgsqlParameter<short>)insertVector.Parameters[1]).TypedValue = (short)q;
                    ((NpgsqlParameter<string>)insertVector.Parameters[2]).TypedValue = item.Category;
                    ((NpgsqlParameter<Vector>)insertVector.Parameters[3]).TypedValue = new Vector(item.Embedding.GetQuery(q));
                    await insertVector.ExecuteNonQueryAsync();
                }
            }
        }

        await PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.CompleteVectors(_names), CancellationToken.None);
        await transaction.RollbackAsync();
    }

    [Benchmark]
    public async Task Copy()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await CreateVectorsTableAsync(connection);
        await PgVectorBulkWriter.WriteAsync(connection, _names, _items, firstLoad: true, TimeSpan.FromHours(1), new PostgresLivenessWatch(_dataSource, "benchmark", NullLogger.Instance), CancellationToken.None);
        await transaction.RollbackAsync();
    }

    private Task CreateVectorsTableAsync(NpgsqlConnection connection) =>
        PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.CreateVectors(_names, ClusteredCatalog.Dimensions), CancellationToken.None);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
            AddColumn(new RowsPerSecondColumn());
        }
    }
}
