using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The catalog on PostgreSQL + pgvector: one row per item, one row per query vector under an HNSW index
/// (inner product), bulk upserts through <c>COPY ... (FORMAT BINARY)</c> in one transaction, and searches
/// that take candidates from the index and re-score them exactly (see <see cref="CatalogQuery"/>).
/// </summary>
/// <remarks>
/// The store creates and versions its schema on first write (a read of a missing catalog finds it empty and creates nothing). It is thread-safe; searches see whole batches.
/// A connection lost to a server restart is retried once on a fresh connection. Create it with
/// <see cref="Create(PgVectorCatalogOptions, ILoggerFactory?)"/>, or register it with <c>AddPgVectorCatalog()</c>.
/// </remarks>
public sealed class PgVectorCatalogStore : ICatalogStore, ICatalogBulkLoader, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PgVectorCatalogOptions _options;
    private readonly PgVectorCatalogNames _names;
    private readonly PgVectorSchema _schema;
    private readonly PgVectorSearcher _searcher;
    private readonly PgVectorCatalogRunner _runner;
    private readonly PgVectorCatalogRunner _readRunner;
    private readonly PgVectorBulkLoads _bulkLoads;
    private readonly ILogger _logger;
    private readonly string _get;
    private readonly string _delete;
    private readonly string _count;
    private readonly string _categories;
    private readonly string _attributeValues;
    private readonly string _contentHashes;

    private PgVectorCatalogStore(NpgsqlDataSource dataSource, bool ownsDataSource, PgVectorCatalogOptions options, ILoggerFactory? loggerFactory)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = Copy(options);
        _names = PgVectorCatalogNames.Create(_options.Schema, _options.Collection);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PgVectorCatalogStore>();
        var (writes, reads) = PgVectorStandbyRouting.Split(dataSource, _options.ReadFromStandbys);
        var timeout = TimeoutSetting(dataSource, _options);
        _runner = new PgVectorCatalogRunner(writes, _logger, timeout);
        _readRunner = ReferenceEquals(reads, writes) ? _runner : new PgVectorCatalogRunner(reads, _logger, timeout);
        _schema = new PgVectorSchema(_names, _options, _runner.Watch, _logger);
        _searcher = new PgVectorSearcher(_names, _options, _logger);
        _bulkLoads = new PgVectorBulkLoads(_names, _options, _schema, _runner, _searcher.Invalidate, _logger);
        _get = PgVectorCatalogSqlBuilder.Get(_names);
        _delete = PgVectorCatalogSqlBuilder.Delete(_names);
        _count = PgVectorCatalogSqlBuilder.Count(_names);
        _categories = PgVectorCatalogSqlBuilder.Categories(_names);
        _attributeValues = PgVectorCatalogSqlBuilder.AttributeValues(_names, CatalogFacets.MaxValuesPerAttribute);
        _contentHashes = PgVectorCatalogSqlBuilder.ContentHashes(_names);
    }

    /// <summary>Creates a store with its own data source over <see cref="PgVectorCatalogOptions.ConnectionString"/>; disposing the store disposes it.</summary>
    /// <param name="options">The options; copied, so later changes do not affect the store.</param>
    /// <param name="loggerFactory">Where to log (Npgsql's logs included), or null.</param>
    /// <returns>The store. Nothing is sent to the server until the first call.</returns>
    /// <exception cref="ArgumentException">The options are invalid: the message names each setting at fault.</exception>
    public static PgVectorCatalogStore Create(PgVectorCatalogOptions options, ILoggerFactory? loggerFactory = null)
    {
        PgVectorCatalogOptionsValidator.ThrowIfInvalid(options, requireConnectionString: true);
        var dataSource = PostgresDataSources.Create(options.ConnectionString, loggerFactory, nameof(options), options.CommandTimeout);
        return new PgVectorCatalogStore(dataSource, ownsDataSource: true, options, loggerFactory);
    }

    /// <summary>Creates a store over an existing data source, which the store does not dispose.</summary>
    /// <param name="dataSource">A data source built with <c>UseVector()</c> (Pgvector.Npgsql).</param>
    /// <param name="options">The options; <see cref="PgVectorCatalogOptions.ConnectionString"/> is ignored.</param>
    /// <param name="loggerFactory">Where to log, or null.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static PgVectorCatalogStore Create(NpgsqlDataSource dataSource, PgVectorCatalogOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        PgVectorCatalogOptionsValidator.ThrowIfInvalid(options, requireConnectionString: false);
        return new PgVectorCatalogStore(dataSource, ownsDataSource: false, options, loggerFactory);
    }

    /// <summary>Gets the schema that holds the catalog's tables.</summary>
    public string Schema => _names.Schema;

    /// <summary>Gets the catalog's name (the prefix of its tables).</summary>
    public string Collection => _names.Collection;

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        cancellationToken.ThrowIfCancellationRequested();
        var batchShape = PgVectorBatchValidator.Validate(items, _schema.Shape, _options.Dimensions);
        if (batchShape is null)
        {
            return;
        }

        using var activity = PgVectorDiagnostics.Start("upsert", _names.LockKey);
        activity?.SetTag("multimodal_search.items", items.Count);
        var started = TimeProvider.System.GetTimestamp();
        await _runner.RunAsync(
            "Upsert",
            async (connection, token) =>
            {
                if (await _schema.EnsureAsync(connection, token).ConfigureAwait(false) is { } known && known != batchShape)
                {
                    PgVectorBatchValidator.Validate(items, known, _options.Dimensions);
                }

                var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var (shape, firstLoad) = await _schema.PrepareWriteAsync(connection, batchShape, token).ConfigureAwait(false);
                    if (shape != batchShape)
                    {
                        // Another writer fixed the shape first; the rollback leaves the catalog as it was.
                        PgVectorBatchValidator.Validate(items, shape, _options.Dimensions);
                    }

                    await PgVectorBulkWriter.WriteAsync(connection, _names, items, firstLoad, _options.BulkTimeout, _runner.Watch, token).ConfigureAwait(false);
                    var indexEpoch = await _schema.EnsureIndexAsync(connection, token).ConfigureAwait(false);
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                    _schema.Committed(shape, indexEpoch);
                    _searcher.Invalidate();
                }
            },
            cancellationToken).ConfigureAwait(false);
        PgVectorLog.Upserted(_logger, items.Count, _names.LockKey, TimeProvider.System.GetElapsedTime(started));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A load of at least <see cref="PgVectorCatalogOptions.BulkLoadMinimumItems"/> items into an empty catalog,
    /// or into one that holds at most three times as many items, drops the HNSW index; writes then add rows without
    /// it, and <see cref="CatalogBulkLoad.EndAsync(CancellationToken)"/> builds it once over every row. Searches
    /// meanwhile scan exactly (correct, slower on large catalogs). Loads may overlap: the index is built when the
    /// last one ends. A load never ended (the process died, the store was disposed, the end was cancelled) leaves
    /// the index to the next store that opens the catalog, or to this store's next write. Other loads return
    /// <see cref="CatalogBulkLoad.None"/>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedItems"/> is negative.</exception>
    public Task<CatalogBulkLoad> BeginBulkLoadAsync(int expectedItems, CancellationToken cancellationToken = default) =>
        _bulkLoads.BeginAsync(expectedItems, cancellationToken);

    /// <inheritdoc />
    public async Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        if (ids.Any(id => id is null))
        {
            throw new ArgumentException("The ids must not contain null.", nameof(ids));
        }

        if (ids.Count == 0)
        {
            return 0;
        }

        using var activity = PgVectorDiagnostics.Start("delete", _names.LockKey);
        var sortedIds = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return await _runner.RunAsync(
            "Delete",
            async (connection, token) =>
            {
                await _schema.EnsureAsync(connection, token).ConfigureAwait(false);
                return await PgVectorCommands.ExecuteAsync(connection, _delete, token, [sortedIds]).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CatalogItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = PgVectorDiagnostics.Start("get", _names.LockKey);
        return await _readRunner.RunAsync(
            "Get",
            async (connection, token) =>
            {
                if (await EnsureForReadAsync(connection, token).ConfigureAwait(false) is not { Shape: { } shape })
                {
                    return null;
                }

                var command = PgVectorCommands.Create(connection, _get, id);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await reader.ReadAsync(token).ConfigureAwait(false) ? PgVectorItemReader.Read(reader, shape) : null;
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _readRunner.RunAsync(
            "Count",
            async (connection, token) =>
            {
                if (!(await EnsureForReadAsync(connection, token).ConfigureAwait(false)).Exists)
                {
                    return 0L;
                }

                return await PgVectorCommands.ScalarAsync<long>(connection, _count, token).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCategoriesAsync(CancellationToken cancellationToken = default) =>
        _readRunner.RunAsync<IReadOnlyList<string>>(
            "GetCategories",
            async (connection, token) =>
            {
                var categories = new List<string>();
                if (!(await EnsureForReadAsync(connection, token).ConfigureAwait(false)).Exists)
                {
                    return categories;
                }

                await ReadRowsAsync(connection, _categories, reader => categories.Add(reader.GetString(0)), token).ConfigureAwait(false);

                // Sorted here: the database's collation orders differently from ordinal UTF-16.
                categories.Sort(StringComparer.Ordinal);
                return categories;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<CatalogFacets> GetFacetsAsync(CancellationToken cancellationToken = default) =>
        _readRunner.RunAsync(
            "GetFacets",
            async (connection, token) =>
            {
                if (!(await EnsureForReadAsync(connection, token).ConfigureAwait(false)).Exists)
                {
                    return CatalogFacets.Empty;
                }

                var categories = new List<string>();
                await ReadRowsAsync(connection, _categories, reader => categories.Add(reader.GetString(0)), token).ConfigureAwait(false);
                categories.Sort(StringComparer.Ordinal);
                var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                await ReadRowsAsync(
                    connection,
                    _attributeValues,
                    reader =>
                    {
                        var key = reader.GetString(0);
                        if (!values.TryGetValue(key, out var list))
                        {
                            values[key] = list = [];
                        }

                        list.Add(reader.GetString(1));
                    },
                    token).ConfigureAwait(false);

                // An attribute with a value too long to be a word of the vocabulary is free text: left out, as every store does.
                return new CatalogFacets
                {
                    Categories = categories,
                    Attributes = values
                        .Where(a => a.Value.All(v => v.Length <= CatalogFacets.MaxValueLength))
                        .ToDictionary(a => a.Key, a => (IReadOnlyList<string>)[.. a.Value.Where(v => v.Length > 0).Order(StringComparer.Ordinal)], StringComparer.Ordinal),
                };
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string?>> GetContentHashesAsync(CancellationToken cancellationToken = default) =>
        _runner.RunAsync<IReadOnlyDictionary<string, string?>>(
            "GetContentHashes",
            async (connection, token) =>
            {
                await _schema.EnsureAsync(connection, token).ConfigureAwait(false);
                var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
                await ReadRowsAsync(connection, _contentHashes, reader => hashes[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1), token).ConfigureAwait(false);
                return hashes;
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CatalogQueryValidator.Validate(query, _schema.Shape?.Dimensions ?? 0);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = PgVectorDiagnostics.Start("search", _names.LockKey);
        activity?.SetTag("multimodal_search.search.top", query.Top);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var hits = await _readRunner.RunAsync<IReadOnlyList<CatalogHit>>(
                "Search",
                async (connection, token) =>
                {
                    if (await EnsureForReadAsync(connection, token).ConfigureAwait(false) is not { Shape: { } shape })
                    {
                        return [];
                    }

                    CatalogQueryValidator.Validate(query, shape.Dimensions);
                    activity?.SetTag("server.address", connection.Host);
                    activity?.SetTag("server.port", connection.Port);
                    return await _searcher.SearchAsync(connection, query, shape, activity, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            PgVectorDiagnostics.RecordSearch(started, null);
            return hits;
        }
        catch (Exception ex)
        {
            PgVectorDiagnostics.RecordSearch(started, ex.GetType().FullName);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _bulkLoads.DisposeAsync().ConfigureAwait(false);
        _schema.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Prefer <see cref="DisposeAsync"/>: ending bulk loads talks to the server, which this waits for.</remarks>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Makes an existing catalog ready before a read on <paramref name="connection"/> (upgrading its schema, repairing an
    /// index an interrupted bulk load left dropped), and never creates a missing one, which then reads as empty. When
    /// reads go to standbys, which are read-only, the check and the upgrade run on the primary, once per store.
    /// </summary>
    /// <returns>Whether the catalog exists, and its shape (null while it holds no vectors).</returns>
    private async Task<(bool Exists, PgVectorCatalogShape? Shape)> EnsureForReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!_schema.IsReady)
        {
            var exists = ReferenceEquals(_readRunner, _runner)
                ? await _schema.EnsureExistingAsync(connection, cancellationToken).ConfigureAwait(false)
                : await _runner.RunAsync("Initialize", (primary, token) => _schema.EnsureExistingAsync(primary, token), cancellationToken).ConfigureAwait(false);
            if (!exists)
            {
                return (false, null);
            }
        }

        return (true, await _schema.EnsureAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    private static async Task ReadRowsAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> read, CancellationToken cancellationToken)
    {
        var command = PgVectorCommands.Create(connection, sql);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read(reader);
                }
            }
        }
    }

    /// <summary>Names <see cref="PgVectorCatalogOptions.CommandTimeout"/> in timeout errors when it set the data source's limit (the data source was built from the options).</summary>
    private static string? TimeoutSetting(NpgsqlDataSource dataSource, PgVectorCatalogOptions options) =>
        new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout == (int)Math.Ceiling(options.CommandTimeout.TotalSeconds)
            ? $"{nameof(PgVectorCatalogOptions)}.{nameof(PgVectorCatalogOptions.CommandTimeout)}, {PgVectorCatalogOptionsValidator.Section}:{nameof(PgVectorCatalogOptions.CommandTimeout)}"
            : null;

    /// <summary>Copies every setting, so that changes to the caller's options after creation do not reach the store.</summary>
    internal static PgVectorCatalogOptions Copy(PgVectorCatalogOptions options) => new()
    {
        ConnectionString = options.ConnectionString,
        ReadFromStandbys = options.ReadFromStandbys,
        Schema = options.Schema,
        Collection = options.Collection,
        Dimensions = options.Dimensions,
        EfSearch = options.EfSearch,
        CandidateMultiplier = options.CandidateMultiplier,
        MinCandidates = options.MinCandidates,
        RescoreMultiplier = options.RescoreMultiplier,
        MaxRescoreRounds = options.MaxRescoreRounds,
        TextRoutes = options.TextRoutes,
        IterativeScan = options.IterativeScan,
        MaxScanTuples = options.MaxScanTuples,
        ExactSearchThreshold = options.ExactSearchThreshold,
        ExactProbeThreshold = options.ExactProbeThreshold,
        CentroidIndex = options.CentroidIndex,
        IvfFlatProbes = options.IvfFlatProbes,
        HnswM = options.HnswM,
        HnswEfConstruction = options.HnswEfConstruction,
        BulkTimeout = options.BulkTimeout,
        CommandTimeout = options.CommandTimeout,
        IndexBuildMemory = options.IndexBuildMemory,
        IndexBuildWorkers = options.IndexBuildWorkers,
        BulkLoadMinimumItems = options.BulkLoadMinimumItems,
        BulkLoadLockTimeout = options.BulkLoadLockTimeout,
    };
}
