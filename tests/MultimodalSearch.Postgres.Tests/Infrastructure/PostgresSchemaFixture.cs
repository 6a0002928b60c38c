using System.Collections.Concurrent;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// Gives one test class its own schema on the test server (dropped at the end), stores in it, and a data
/// source for checking the tables directly.
/// </summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<PgVectorCatalogStore> _stores = [];
    private int _collections;
    private NpgsqlDataSource? _dataSource;

    /// <summary>Gets the schema, unique to this fixture.</summary>
    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Gets the connection string of the test server.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Gets a data source (with pgvector types) on the test server.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Creates a store over a new, empty collection in <see cref="Schema"/>; the fixture disposes it.</summary>
    /// <param name="configure">Changes the options, or null.</param>
    /// <returns>The store.</returns>
    public PgVectorCatalogStore CreateStore(Action<PgVectorCatalogOptions>? configure = null)
    {
        var options = NewOptions();
        configure?.Invoke(options);
        var store = PgVectorCatalogStore.Create(options);
        _stores.Add(store);
        return store;
    }

    /// <summary>Creates another store over an existing collection of <see cref="Schema"/>; the fixture disposes it.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="configure">Changes the options, or null.</param>
    /// <returns>The store.</returns>
    public PgVectorCatalogStore OpenStore(string collection, Action<PgVectorCatalogOptions>? configure = null) =>
        CreateStore(options =>
        {
            options.Collection = collection;
            configure?.Invoke(options);
        });

    /// <summary>Gets options for a new, empty collection in <see cref="Schema"/>.</summary>
    /// <returns>The options.</returns>
    public PgVectorCatalogOptions NewOptions() => new()
    {
        ConnectionString = ConnectionString,
        Schema = Schema,
        Collection = "c" + Interlocked.Increment(ref _collections),
    };

    /// <summary>Runs a query and returns the first column of the first row.</summary>
    /// <typeparam name="T">The column's type.</typeparam>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The values of $1, $2, ...</param>
    /// <returns>The value.</returns>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        ConnectionString = PostgresTestServer.ConnectionString;
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseVector();
        _dataSource = builder.Build();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await using (var command = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE"))
            {
                await command.ExecuteNonQueryAsync();
            }

            await _dataSource.DisposeAsync();
        }
    }
}
