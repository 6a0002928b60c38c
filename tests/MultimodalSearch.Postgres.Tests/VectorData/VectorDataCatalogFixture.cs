using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;
using MultimodalSearch.VectorData;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// A <see cref="PgVectorStore"/> in the test class's own schema (from <see cref="PostgresSchemaFixture"/>), and
/// catalogs or collections in it, each under a new name.
/// </summary>
public sealed class VectorDataCatalogFixture : IAsyncLifetime
{
    private int _collections;

    /// <summary>Gets the schema fixture (server, schema, data source).</summary>
    public PostgresSchemaFixture Database { get; } = new();

    /// <summary>Gets the store over <see cref="PostgresSchemaFixture.Schema"/>.</summary>
    public PgVectorStore Store { get; private set; } = null!;

    /// <summary>Gets a store over the same schema whose searches always ask the HNSW index (<see cref="PgVectorStoreOptions.ExactSearchThreshold"/> 0), for recall.</summary>
    public PgVectorStore IndexOnlyStore { get; private set; } = null!;

    /// <summary>Gets the store's data source: the test server, with a command timeout that bulk loads on a busy 2-core machine fit in.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>Gets a collection name no other test of the class uses.</summary>
    /// <param name="prefix">A prefix that says what the collection is for.</param>
    /// <returns>The name.</returns>
    public string NewName(string prefix = "c") => prefix + Interlocked.Increment(ref _collections);

    /// <summary>Creates a catalog over a new collection.</summary>
    /// <param name="configure">Changes the options, or null.</param>
    /// <param name="indexOnly">Whether searches always ask the HNSW index, however small the collection.</param>
    /// <returns>The catalog.</returns>
    public VectorDataCatalogStore CreateCatalog(Action<VectorDataCatalogOptions>? configure = null, bool indexOnly = false)
    {
        var options = new VectorDataCatalogOptions { CollectionName = NewName("catalog") };
        configure?.Invoke(options);
        return VectorDataCatalogStore.Create(indexOnly ? IndexOnlyStore : Store, options);
    }

    /// <summary>Creates a typed collection under a new name, and the table behind it.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="definition">The definition, or null for the attributes.</param>
    /// <returns>The collection.</returns>
    public async Task<VectorStoreCollection<TKey, TRecord>> CreateCollectionAsync<TKey, TRecord>(VectorStoreCollectionDefinition? definition = null)
        where TKey : notnull
        where TRecord : class
    {
        var collection = Store.GetCollection<TKey, TRecord>(NewName(), definition);
        await collection.EnsureCollectionExistsAsync();
        return collection;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var builder = new NpgsqlDataSourceBuilder(Database.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = 600;
        builder.UseVector();
        DataSource = builder.Build();
        Store = new PgVectorStore(DataSource, new PgVectorStoreOptions { Schema = Database.Schema });
        IndexOnlyStore = new PgVectorStore(DataSource, new PgVectorStoreOptions { Schema = Database.Schema, ExactSearchThreshold = 0 });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Store?.Dispose();
        IndexOnlyStore?.Dispose();
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
