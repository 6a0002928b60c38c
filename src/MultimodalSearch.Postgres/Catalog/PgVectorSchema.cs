using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Creates and versions the catalog's tables, and tracks its shape: the vector width and query count
/// are fixed by the first items written, which also create the vectors table and its HNSW index (built
/// after that first load, which is faster than growing it row by row). Tracks whether the index is known to
/// exist, leaves it unbuilt while a bulk load defers it (<see cref="PgVectorBulkLoads"/>), and builds it
/// when the store first opens a catalog whose index an interrupted bulk load left dropped.
/// </summary>
internal sealed class PgVectorSchema(PgVectorCatalogNames names, PgVectorCatalogOptions options, PostgresLivenessWatch watch, ILogger logger) : IDisposable
{
    /// <summary>What <see cref="EnsureIndexAsync"/> returns when it left the index alone (deferred to a bulk load).</summary>
    public const long IndexNotEnsured = -1;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _indexLock = new();
    private volatile bool _ready;
    private volatile PgVectorCatalogShape? _shape;

    // Guarded by _indexLock. The epoch changes whenever the index is dropped or deferred, so that a write that
    // saw the index before cannot mark it ready after it was dropped.
    private bool _indexReady;
    private bool _indexDeferred;
    private long _indexEpoch;

    /// <summary>Gets whether the schema was created or upgraded by this store (<see cref="EnsureAsync"/> succeeded once).</summary>
    public bool IsReady => _ready;

    /// <summary>Gets the catalog's shape as last seen; null while it holds no vectors.</summary>
    public PgVectorCatalogShape? Shape => _shape;

    /// <summary>
    /// Creates or upgrades the schema once per store, builds the HNSW index if an interrupted bulk load left it
    /// dropped, then returns the catalog's shape (re-read while unknown).
    /// </summary>
    /// <param name="connection">An open connection outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="repairIndex">
    /// False to leave a missing index to the next write (which builds it unless a bulk load is open): a bulk load
    /// about to begin may drop it again.
    /// </param>
    /// <returns>The shape, or null while the catalog holds no vectors.</returns>
    public async Task<PgVectorCatalogShape?> EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken, bool repairIndex = true)
    {
        if (!_ready)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    var epoch = CurrentEpoch();
                    if (await InitializeAsync(connection, repairIndex, cancellationToken).ConfigureAwait(false))
                    {
                        MarkIndexReady(epoch);
                    }

                    _ready = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        else if (_shape is null)
        {
            // Another store or process may have written the first items since.
            _shape = await ReadShapeAsync(connection, forUpdate: false, cancellationToken).ConfigureAwait(false);
        }

        return _shape;
    }

    /// <summary>
    /// For reads: like <see cref="EnsureAsync"/> (upgrading the schema and repairing the index) when the catalog exists,
    /// and nothing at all when it does not: a read never creates a catalog.
    /// </summary>
    /// <param name="connection">An open connection outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether the catalog exists (it may still hold no items).</returns>
    public async Task<bool> EnsureExistingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!_ready && !await PgVectorCommands.ScalarAsync<bool>(connection, PostgresStatements.TableExists, cancellationToken, names.Meta).ConfigureAwait(false))
        {
            return false;
        }

        await EnsureAsync(connection, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Inside a write transaction: returns the catalog's shape, fixing it to <paramref name="batch"/>'s and
    /// creating the vectors table when the catalog has none yet. The meta row stays locked until commit,
    /// so concurrent first writers agree on one shape.
    /// </summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="batch">The shape of the batch being written.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The catalog's shape, which the batch must then have, and whether this is the first load (the vectors table was just created, bare).</returns>
    public async Task<(PgVectorCatalogShape Shape, bool FirstLoad)> PrepareWriteAsync(NpgsqlConnection connection, PgVectorCatalogShape batch, CancellationToken cancellationToken)
    {
        if (_shape is { } known)
        {
            return (known, false);
        }

        if (await ReadShapeAsync(connection, forUpdate: true, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return (stored, false);
        }

        await PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.SetShape(names), cancellationToken, batch.Dimensions, batch.QueryCount).ConfigureAwait(false);
        await PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.CreateVectors(names, batch.Dimensions), cancellationToken).ConfigureAwait(false);
        PgVectorLog.CatalogShapeSet(logger, names.LockKey, batch.QueryCount, batch.Dimensions);
        return (batch, true);
    }

    /// <summary>
    /// Inside a write transaction, after the batch is merged: creates the HNSW index if it does not exist yet,
    /// unless a bulk load defers it (one of this store's, or one that holds its lock in another session).
    /// </summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The index epoch to hand to <see cref="Committed"/>, or <see cref="IndexNotEnsured"/> when the index was left alone.</returns>
    public async Task<long> EnsureIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        long epoch;
        lock (_indexLock)
        {
            if (_indexDeferred)
            {
                return IndexNotEnsured;
            }

            epoch = _indexEpoch;
            if (_indexReady)
            {
                return epoch;
            }
        }

        var state = await ReadIndexStateAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!state.IndexExists)
        {
            if (state.BulkLoadOpen)
            {
                PgVectorLog.IndexLeftToBulkLoad(logger, names.LockKey);
                return IndexNotEnsured;
            }

            await CreateIndexAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return epoch;
    }

    /// <summary>Records what a committed write established.</summary>
    /// <param name="shape">The catalog's shape.</param>
    /// <param name="indexEpoch">What <see cref="EnsureIndexAsync"/> returned in the write's transaction.</param>
    public void Committed(PgVectorCatalogShape shape, long indexEpoch)
    {
        _shape = shape;
        MarkIndexReady(indexEpoch);
    }

    /// <summary>Stops building the index after writes, until <see cref="ResumeIndex"/>: a bulk load builds it when it ends.</summary>
    public void DeferIndex()
    {
        lock (_indexLock)
        {
            _indexDeferred = true;
            _indexReady = false;
            _indexEpoch++;
        }
    }

    /// <summary>Lets writes build a missing index again (the last bulk load ended).</summary>
    public void ResumeIndex()
    {
        lock (_indexLock)
        {
            _indexDeferred = false;
        }
    }

    /// <summary>Drops the HNSW index if it exists, under the catalog's advisory lock, in a transaction of its own.</summary>
    /// <param name="connection">An open connection outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether there was an index to drop.</returns>
    public Task<bool> DropIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        InLockedTransactionAsync(
            connection,
            async token =>
            {
                if (!(await ReadIndexStateAsync(connection, token).ConfigureAwait(false)).IndexExists)
                {
                    return false;
                }

                // Waits for the writes and searches that use the table, at most BulkLoadLockTimeout: meanwhile new
                // ones queue behind the drop. Past it PostgreSQL fails the drop (55P03), and the load keeps the index.
                var limit = ((long)options.BulkLoadLockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
                await PgVectorCommands.ScalarAsync<string>(connection, PgVectorCatalogSqlBuilder.LockTimeout, token, limit).ConfigureAwait(false);
                await watch.RunAsync("the drop of the HNSW index", dropToken => PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.DropHnswIndex(names)], options.BulkTimeout, dropToken), token).ConfigureAwait(false);
                PgVectorLog.IndexDroppedForBulkLoad(logger, names.LockKey);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Builds the centroid index if the vectors table exists and the index does not (or does not fit the options and
    /// the catalog's size: <see cref="DropIfUnfitAsync"/>), under the catalog's advisory lock, in a transaction of its
    /// own (the end of a bulk load).
    /// </summary>
    /// <param name="connection">An open connection outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the work; the transaction then rolls back and the index stays missing.</param>
    /// <returns>Whether the index was built (false: it existed, or the catalog has no vectors table yet).</returns>
    public async Task<bool> BuildIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var epoch = CurrentEpoch();
        var (built, exists) = await InLockedTransactionAsync(
            connection,
            async token =>
            {
                var state = await ReadIndexStateAsync(connection, token).ConfigureAwait(false);
                if (!state.TableExists || (state.IndexExists && !await DropIfUnfitAsync(connection, state, token).ConfigureAwait(false)))
                {
                    return (false, state.IndexExists);
                }

                await CreateIndexAsync(connection, token).ConfigureAwait(false);
                return (true, true);
            },
            cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            MarkIndexReady(epoch);
        }

        return built;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>Creates or upgrades the schema, reads the shape, and repairs an index that an interrupted bulk load left dropped.</summary>
    /// <returns>Whether the HNSW index exists now.</returns>
    private async Task<bool> InitializeAsync(NpgsqlConnection connection, bool repairIndex, CancellationToken cancellationToken)
    {
        var (indexExists, createdExtension) = await InLockedTransactionAsync(connection, token => CreateOrUpgradeAsync(connection, repairIndex, token), cancellationToken).ConfigureAwait(false);
        if (createdExtension)
        {
            // The vector type did not exist when the data source loaded its types.
            await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Dimensions is { } required && _shape is { } shape && shape.Dimensions != required)
        {
            throw new CatalogStoreException(
                "Initialize",
                $"the catalog {names.LockKey} holds vectors of {shape.Dimensions} dimensions; the options require {required}; use another Collection or remove Dimensions.");
        }

        return indexExists;
    }

    /// <summary>Inside the initialising transaction: creates or upgrades the tables, reads the shape, repairs the index.</summary>
    /// <returns>Whether the HNSW index exists now, and whether the pgvector extension was created.</returns>
    private async Task<(bool IndexExists, bool CreatedExtension)> CreateOrUpgradeAsync(NpgsqlConnection connection, bool repairIndex, CancellationToken cancellationToken)
    {
        var createdExtension = false;
        if (await PgVectorCommands.ScalarAsync<string>(connection, PostgresStatements.VectorExtensionVersion, cancellationToken).ConfigureAwait(false) is null)
        {
            await CreateExtensionAsync(connection, cancellationToken).ConfigureAwait(false);
            createdExtension = true;
        }

        await PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.CreateMeta(names), cancellationToken).ConfigureAwait(false);
        var schemaVersion = await PgVectorCommands.ScalarAsync<int>(connection, PgVectorCatalogSqlBuilder.ReadMeta(names), cancellationToken).ConfigureAwait(false);
        if (schemaVersion > PgVectorCatalogSqlBuilder.SchemaVersion)
        {
            throw new CatalogStoreException(
                "Initialize",
                $"the catalog {names.LockKey} has schema version {schemaVersion}, newer than this library's {PgVectorCatalogSqlBuilder.SchemaVersion}; upgrade MultimodalSearch.Postgres.");
        }

        var migrations = PgVectorCatalogSqlBuilder.Migrate(names, schemaVersion);
        if (migrations.Count > 0)
        {
            PgVectorLog.Migrating(logger, names.LockKey, schemaVersion, PgVectorCatalogSqlBuilder.SchemaVersion);
            await PgVectorCommands.ExecuteAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
        }

        _shape = await ReadShapeAsync(connection, forUpdate: false, cancellationToken).ConfigureAwait(false);
        if (schemaVersion is > 0 and < PgVectorCentroidRecompute.SeededFarthestFirst && _shape is { } shape)
        {
            await RecomputeCentroidsAsync(connection, shape, repairIndex, cancellationToken).ConfigureAwait(false);
        }

        var indexExists = _shape is not null && await RepairIndexAsync(connection, repairIndex, cancellationToken).ConfigureAwait(false);
        return (indexExists, createdExtension);
    }

    /// <summary>
    /// Inside the initialising transaction of a catalog older than schema version 5: drops the centroid index, computes
    /// every item's centroid rows again (<see cref="PgVectorCentroidRecompute"/>), and builds the index over the new rows
    /// (unless the caller leaves it to a bulk load about to begin, or one is open).
    /// </summary>
    private async Task RecomputeCentroidsAsync(NpgsqlConnection connection, PgVectorCatalogShape shape, bool repair, CancellationToken cancellationToken)
    {
        var state = await ReadIndexStateAsync(connection, cancellationToken).ConfigureAwait(false);
        if (state.IndexExists)
        {
            await DropCentroidIndexAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        PgVectorLog.RecomputingCentroids(logger, names.LockKey);
        var started = TimeProvider.System.GetTimestamp();
        var items = await PgVectorCentroidRecompute.RunAsync(connection, names, shape, options.BulkTimeout, watch, cancellationToken).ConfigureAwait(false);
        PgVectorLog.RecomputedCentroids(logger, names.LockKey, items, TimeProvider.System.GetElapsedTime(started));
        if (repair && !state.BulkLoadOpen)
        {
            await CreateIndexAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inside the initialising transaction of a catalog that holds vectors: builds the HNSW index when it is
    /// missing and no bulk load is open, that is when a bulk load was interrupted (its process died, or its end
    /// was cancelled) after dropping the index, or when the migration to schema version 2 replaced the index.
    /// </summary>
    /// <returns>Whether the index exists now.</returns>
    private async Task<bool> RepairIndexAsync(NpgsqlConnection connection, bool repair, CancellationToken cancellationToken)
    {
        var state = await ReadIndexStateAsync(connection, cancellationToken).ConfigureAwait(false);
        if (state.IndexExists && repair && !state.BulkLoadOpen && await DropIfUnfitAsync(connection, state, cancellationToken).ConfigureAwait(false))
        {
            await CreateIndexAsync(connection, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (state.IndexExists || !state.TableExists || !repair)
        {
            return state.IndexExists;
        }

        if (state.BulkLoadOpen)
        {
            PgVectorLog.IndexMissingDuringBulkLoad(logger, names.LockKey);
            return false;
        }

        PgVectorLog.IndexMissingRebuilding(logger, names.LockKey);
        await CreateIndexAsync(connection, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Inside a locked transaction, for an existing centroid index: drops it when it is not of the kind the options ask
    /// for, or when it is an IVFFlat index whose lists were made for a catalog more than four times smaller or larger
    /// than this one (its lists then hold far more rows than advised, or far fewer).
    /// </summary>
    /// <returns>Whether it was dropped (the caller builds it again).</returns>
    private async Task<bool> DropIfUnfitAsync(NpgsqlConnection connection, IndexState state, CancellationToken cancellationToken)
    {
        var wanted = options.CentroidIndex == PgVectorCentroidIndex.IvfFlat ? "ivfflat" : "hnsw";
        string reason;
        if (!string.Equals(state.AccessMethod, wanted, StringComparison.Ordinal))
        {
            reason = $"it is {state.AccessMethod} and the options ask for {wanted}";
        }
        else if (state.Lists is { } lists)
        {
            var rows = await PgVectorCommands.ScalarAsync<long>(connection, PgVectorCatalogSqlBuilder.CountCentroidRows(names), cancellationToken).ConfigureAwait(false);
            var advised = PgVectorCatalogSqlBuilder.IvfFlatLists(rows);
            if (advised < 4L * lists && lists < 4L * advised)
            {
                return false;
            }

            reason = string.Create(CultureInfo.InvariantCulture, $"its {lists} lists were made for a catalog of another size; {rows} centroid rows take {advised}");
        }
        else
        {
            return false;
        }

        PgVectorLog.RebuildingIndex(logger, names.LockKey, reason);
        await DropCentroidIndexAsync(connection, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inside a locked transaction: drops the centroid index, watched for the server's liveness.</summary>
    private Task DropCentroidIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        watch.RunAsync("the drop of the centroid index", token => PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.DropHnswIndex(names)], options.BulkTimeout, token), cancellationToken);

    /// <summary>
    /// Sets <see cref="PgVectorCatalogOptions.IndexBuildMemory"/> and the build's workers (<see cref="PgVectorIndexBuildWorkers"/>)
    /// for the transaction and builds the centroid index of the options' kind.
    /// </summary>
    private async Task CreateIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        string statement;
        string operation;
        if (options.CentroidIndex == PgVectorCentroidIndex.IvfFlat)
        {
            var rows = await PgVectorCommands.ScalarAsync<long>(connection, PgVectorCatalogSqlBuilder.CountCentroidRows(names), cancellationToken).ConfigureAwait(false);
            var lists = PgVectorCatalogSqlBuilder.IvfFlatLists(rows);
            PgVectorLog.BuildingIvfFlatIndex(logger, names.LockKey, lists, rows);
            statement = PgVectorCatalogSqlBuilder.CreateIvfFlatIndex(names, lists);
            operation = "the IVFFlat index build";
        }
        else
        {
            PgVectorLog.BuildingIndex(logger, names.LockKey, options.HnswM, options.HnswEfConstruction);
            statement = PgVectorCatalogSqlBuilder.CreateHnswIndex(names, options.HnswM, options.HnswEfConstruction);
            operation = "the HNSW index build";
        }

        var started = TimeProvider.System.GetTimestamp();
        if (options.IndexBuildMemory is { } memory)
        {
            await PgVectorCommands.ScalarAsync<string>(connection, PgVectorCatalogSqlBuilder.IndexBuildMemory, cancellationToken, memory).ConfigureAwait(false);
        }

        var version = await PgVectorCommands.ScalarAsync<string>(connection, PostgresStatements.VectorExtensionVersion, cancellationToken).ConfigureAwait(false);
        var (workers, unsafeParallel) = PgVectorIndexBuildWorkers.Resolve(options.CentroidIndex, version, options.IndexBuildWorkers);
        if (unsafeParallel)
        {
            PgVectorLog.ParallelHnswBuildUnsafe(logger, names.LockKey, version!);
        }

        if (workers is { } count)
        {
            await PgVectorCommands.ScalarAsync<string>(connection, PgVectorCatalogSqlBuilder.IndexBuildWorkers, cancellationToken, PgVectorIndexBuildWorkers.Setting(count)).ConfigureAwait(false);
        }

        // Under BulkTimeout, which a large build may need, but cancelled as soon as the server stops answering.
        await watch.RunAsync(
            operation,
            token => PgVectorCommands.ExecuteAsync(connection, [statement], options.BulkTimeout, token),
            cancellationToken).ConfigureAwait(false);
        PgVectorLog.BuiltIndex(logger, names.LockKey, TimeProvider.System.GetElapsedTime(started));
    }

    private async Task<IndexState> ReadIndexStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = PgVectorCommands.Create(connection, PgVectorCatalogSqlBuilder.IndexState, names.Vectors, PgVectorCatalogSqlBuilder.HnswIndexQualifiedName(names), names.LockKey, PgVectorCatalogSqlBuilder.BulkLoadLockClass);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new IndexState(
                    reader.GetBoolean(0),
                    reader.GetBoolean(1),
                    reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4));
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that holds the catalog's advisory lock, and commits.</summary>
    private async Task<T> InLockedTransactionAsync<T>(NpgsqlConnection connection, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await PgVectorCommands.ExecuteAsync(connection, PostgresStatements.AdvisoryLock, cancellationToken, names.LockKey).ConfigureAwait(false);
            var result = await work(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private long CurrentEpoch()
    {
        lock (_indexLock)
        {
            return _indexEpoch;
        }
    }

    private void MarkIndexReady(long epoch)
    {
        lock (_indexLock)
        {
            if (epoch != IndexNotEnsured && epoch == _indexEpoch && !_indexDeferred)
            {
                _indexReady = true;
            }
        }
    }

    private async Task CreateExtensionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            PgVectorLog.CreatingExtension(logger, connection.Database);
            await PgVectorCommands.ExecuteAsync(connection, PostgresStatements.CreateVectorExtension, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new CatalogStoreException(
                "Initialize",
                $"the pgvector extension is not installed in database '{connection.Database}' and could not be created ({ex.SqlState}: {ex.MessageText}). Install pgvector (0.8.0 or later; 0.8.2 or later in production) and run CREATE EXTENSION vector as a privileged user.",
                ex);
        }
    }

    private async Task<PgVectorCatalogShape?> ReadShapeAsync(NpgsqlConnection connection, bool forUpdate, CancellationToken cancellationToken)
    {
        var command = PgVectorCommands.Create(connection, PgVectorCatalogSqlBuilder.ReadMeta(names, forUpdate));
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1) || reader.IsDBNull(2))
                {
                    return null;
                }

                return new PgVectorCatalogShape(reader.GetInt32(1), reader.GetInt32(2));
            }
        }
    }

    /// <summary>What <see cref="PgVectorCatalogSqlBuilder.IndexState"/> reads.</summary>
    private sealed record IndexState(bool TableExists, bool IndexExists, bool BulkLoadOpen, string? AccessMethod, int? Lists);
}
