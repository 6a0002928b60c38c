using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData <see cref="VectorStore"/> on PostgreSQL + pgvector: each collection is a
/// table in <see cref="PgVectorStoreOptions.Schema"/>, and its collections are <see cref="PgVectorCollection{TKey, TRecord}"/>.
/// </summary>
/// <remarks>
/// Thread-safe. Collection names are SQL identifiers (letters of either case, digits and _, at most 40
/// characters), always quoted, so their case is kept; the store lists every table of its schema as a collection.
/// Database errors surface as <see cref="VectorStoreException"/>.
/// </remarks>
public sealed class PgVectorStore : VectorStore
{
    private readonly PgVectorStoreRunner _runner;
    private readonly PgVectorStoreOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly bool _ownsDataSource;
    private readonly VectorStoreMetadata _metadata;

    /// <summary>Creates a store over <paramref name="dataSource"/>, which the store does not dispose.</summary>
    /// <param name="dataSource">A data source built with <c>UseVector()</c> (Pgvector.Npgsql).</param>
    /// <param name="options">The options, or null for the defaults; copied.</param>
    /// <param name="loggerFactory">Where to log, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The schema or the full-text configuration is not a valid identifier, or <see cref="PgVectorStoreOptions.EfSearch"/> is out of range.</exception>
    public PgVectorStore(NpgsqlDataSource dataSource, PgVectorStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(dataSource, ownsDataSource: false, options, loggerFactory)
    {
    }

    private PgVectorStore(NpgsqlDataSource dataSource, bool ownsDataSource, PgVectorStoreOptions? options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new();
        PostgresIdentifiers.EnsureIdentifier(options.Schema, nameof(PgVectorStoreOptions.Schema));
        PostgresIdentifiers.EnsureIdentifier(options.FullTextSearchConfiguration, nameof(PgVectorStoreOptions.FullTextSearchConfiguration));
        if (options.EfSearch is < 1 or > 1000)
        {
            throw new ArgumentException($"EfSearch must be between 1 and 1000; got {options.EfSearch}.", nameof(options));
        }

        if (options.ExactSearchThreshold < 0)
        {
            throw new ArgumentException($"ExactSearchThreshold must be 0 or more; got {options.ExactSearchThreshold}.", nameof(options));
        }

        _options = new()
        {
            Schema = options.Schema,
            FullTextSearchConfiguration = options.FullTextSearchConfiguration,
            EfSearch = options.EfSearch,
            ExactSearchThreshold = options.ExactSearchThreshold,
            EmbeddingGenerator = options.EmbeddingGenerator,
        };
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _runner = new PgVectorStoreRunner(dataSource, _loggerFactory.CreateLogger<PgVectorStore>());
        _ownsDataSource = ownsDataSource;
        _metadata = new VectorStoreMetadata { VectorStoreSystemName = PgVectorStoreRunner.SystemName, VectorStoreName = _runner.DatabaseName };
    }

    /// <summary>Gets the schema that holds the collections.</summary>
    public string Schema => _options.Schema;

    /// <summary>Creates a store with its own data source (with <c>UseVector()</c>) over <paramref name="connectionString"/>; disposing the store disposes it.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <param name="loggerFactory">Where to log (Npgsql's logs included), or null.</param>
    /// <returns>The store. Nothing is sent to the server until the first call.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or invalid, or an option is not a valid identifier.</exception>
    public static PgVectorStore Create(string connectionString, PgVectorStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var dataSource = PostgresDataSources.Create(connectionString, loggerFactory, nameof(connectionString));
        try
        {
            return new PgVectorStore(dataSource, ownsDataSource: true, options, loggerFactory);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid collection name, or a property name is not a usable column name.</exception>
    /// <exception cref="NotSupportedException">The record has a key, data or vector type, distance function or index kind the collection does not support; or <typeparamref name="TRecord"/> is a dictionary (use <see cref="GetDynamicCollection"/>).</exception>
    [RequiresDynamicCode("Maps the record type by reflection; use GetDynamicCollection for trimmed or NativeAOT applications.")]
    [RequiresUnreferencedCode("Maps the record type by reflection; use GetDynamicCollection for trimmed or NativeAOT applications.")]
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException("Records of type Dictionary<string, object?> need GetDynamicCollection.");
        }

        var model = PgVectorModelBuilder.BuildTyped(typeof(TKey), typeof(TRecord), definition, _options.EmbeddingGenerator);
        return new PgVectorCollection<TKey, TRecord>(_runner, CreateTable(name, model), _loggerFactory.CreateLogger<PgVectorCollection<TKey, TRecord>>());
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid collection name, or a property name is not a usable column name.</exception>
    /// <exception cref="NotSupportedException">The definition has a type, distance function or index kind the collection does not support.</exception>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var model = PgVectorModelBuilder.BuildDynamicModel(definition, _options.EmbeddingGenerator);
        return new PgVectorCollection<object, Dictionary<string, object?>>(_runner, CreateTable(name, model), _loggerFactory.CreateLogger<PgVectorCollection<object, Dictionary<string, object?>>>());
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await _runner.RunAsync(
            null,
            "ListCollectionNames",
            async (connection, token) =>
            {
                var command = PgVectorCommands.Create(connection, PgVectorCollectionSqlBuilder.ListTables, _options.Schema);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var list = new List<string>();
                        while (await reader.ReadAsync(token).ConfigureAwait(false))
                        {
                            list.Add(reader.GetString(0));
                        }

                        return list;
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            yield return name;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid collection name.</exception>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgresIdentifiers.EnsureCollectionName(name);
        return _runner.RunAsync(
            name,
            "CollectionExists",
            async (connection, token) => await PgVectorCommands.ScalarAsync<bool>(connection, PgVectorCollectionSqlBuilder.TableExists, token, _options.Schema, name).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid collection name.</exception>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgresIdentifiers.EnsureCollectionName(name);
        var sql = $"DROP TABLE IF EXISTS {PostgresIdentifiers.Quote(_options.Schema)}.{PostgresIdentifiers.Quote(name)}";
        return _runner.RunAsync(name, "EnsureCollectionDeleted", (connection, token) => PgVectorCommands.ExecuteAsync(connection, sql, token), cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType == typeof(NpgsqlDataSource) ? _runner.DataSource
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsDataSource)
        {
            _runner.DataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    private PgVectorTable CreateTable(string name, Microsoft.Extensions.VectorData.ProviderServices.CollectionModel model) =>
        new(_options.Schema, name, model, _options.FullTextSearchConfiguration, _options.EfSearch, _options.ExactSearchThreshold);
}
