using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The bulk loads of one store (<see cref="ICatalogBulkLoader"/>): a load large enough drops the HNSW index,
/// writes without it, and builds it once when it ends, which pgvector does several times faster than
/// inserting the same rows into the index one by one.
/// </summary>
/// <remarks>
/// <para>
/// Loads may overlap: they are counted, writes build no index while any is open, and the last one to end
/// builds it. While loads are open the store holds one pooled connection with a shared session advisory lock
/// on the catalog; other stores and processes see it (<see cref="PgVectorCatalogSqlBuilder.IndexState"/>) and leave
/// the missing index to the load instead of building it after their own writes.
/// </para>
/// <para>
/// A load that never ends (its process died, its store was disposed, or its end was cancelled or failed)
/// releases the lock with its connection; the next store that opens the catalog builds the missing index
/// (<see cref="PgVectorSchema"/>), and so does this store's next write.
/// </para>
/// </remarks>
internal sealed class PgVectorBulkLoads(
    PgVectorCatalogNames names,
    PgVectorCatalogOptions options,
    PgVectorSchema schema,
    PgVectorCatalogRunner runner,
    Action indexChanged,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>
    /// A load is deferred when it has at least 1 / <see cref="RebuildRatio"/> of the items already stored.
    /// Building the index costs about (stored + new) x b, inserting the new rows into it about new x 4 b (32
    /// query vectors of 256 dimensions per item, demo catalog): measured, deferring 90 items into 270 saved
    /// about 20 %, 72 into 288 broke even; and searches of a large catalog are slow while the index is missing.
    /// </summary>
    public const int RebuildRatio = 3;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _count = PgVectorCatalogSqlBuilder.Count(names);
    private int _open;
    private int _disposed;
    private NpgsqlConnection? _lock;

    /// <summary>Tells whether a load of <paramref name="expectedItems"/> into a catalog of <paramref name="storedItems"/> defers the index.</summary>
    /// <param name="expectedItems">The items the load announces.</param>
    /// <param name="storedItems">The items in the catalog.</param>
    /// <param name="minimumItems"><see cref="PgVectorCatalogOptions.BulkLoadMinimumItems"/>.</param>
    /// <returns>True to drop the index and build it when the load ends.</returns>
    public static bool ShouldDefer(int expectedItems, long storedItems, int minimumItems) =>
        minimumItems > 0 && expectedItems >= minimumItems && (long)expectedItems * RebuildRatio >= storedItems;

    /// <summary>Begins a load: decides, and when deferring takes the lock and drops the index.</summary>
    /// <param name="expectedItems">The items the caller expects to write.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The load.</returns>
    /// <exception cref="CatalogStoreException">The database call failed.</exception>
    public async Task<CatalogBulkLoad> BeginAsync(int expectedItems, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedItems);
        cancellationToken.ThrowIfCancellationRequested();
        if (!ShouldDefer(expectedItems, storedItems: 0, options.BulkLoadMinimumItems))
        {
            PgVectorLog.BulkLoadKeepsIndexSmall(logger, expectedItems, names.LockKey, options.BulkLoadMinimumItems);
            return CatalogBulkLoad.None;
        }

        var stored = await runner.RunAsync(
            "BeginBulkLoad",
            async (connection, token) =>
            {
                // Not repairing a missing index here: this load may drop it again; a write repairs it otherwise.
                await schema.EnsureAsync(connection, token, repairIndex: false).ConfigureAwait(false);
                return await PgVectorCommands.ScalarAsync<long>(connection, _count, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (!ShouldDefer(expectedItems, stored, options.BulkLoadMinimumItems))
        {
            PgVectorLog.BulkLoadKeepsIndexCheaper(logger, expectedItems, names.LockKey, stored);
            return CatalogBulkLoad.None;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The lock first: from then on no other store builds the index that this load drops.
            _lock ??= await runner.OpenAsync("BeginBulkLoad", (connection, token) => LockAsync(connection, PgVectorCatalogSqlBuilder.BulkLoadLock, token), cancellationToken).ConfigureAwait(false);
            _open++;
            schema.DeferIndex();
            try
            {
                await runner.RunAsync("BeginBulkLoad", (connection, token) => schema.DropIndexAsync(connection, token), cancellationToken).ConfigureAwait(false);
            }
            catch (CatalogStoreException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
            {
                await LeaveAsync().ConfigureAwait(false);
                PgVectorLog.BulkLoadKeepsIndexLocked(logger, expectedItems, names.LockKey, options.BulkLoadLockTimeout);
                return CatalogBulkLoad.None;
            }
            catch
            {
                await LeaveAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }

        PgVectorLog.BulkLoadDefersIndex(logger, expectedItems, names.LockKey, stored);
        return new DeferredLoad(this);
    }

    /// <summary>Releases the lock of loads never ended, so that the next store to open the catalog builds the index.</summary>
    /// <returns>A task that completes when the lock is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_open > 0)
            {
                PgVectorLog.DisposedWithOpenBulkLoads(logger, names.LockKey, _open);
                _open = 0;
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        // The gate is not disposed: an EndAsync waiting on it must still be able to enter, see the store
        // disposed, and leave (a SemaphoreSlim whose wait handle is never used holds nothing to free).
    }

    private async Task EndAsync(DeferredLoad load, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (load.Completed)
            {
                return;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                // The store was disposed with this load open: its lock is gone, the next store builds the index.
                load.Completed = true;
                return;
            }

            if (load.Open)
            {
                load.Open = false;
                if (_open > 1)
                {
                    _open--;
                    load.Completed = true;
                    PgVectorLog.BulkLoadEndedOthersOpen(logger, names.LockKey, _open);
                    return;
                }

                // The last open load: writes may build the index again, and this load builds it now. The lock is
                // kept until the build is over, so that other stores leave the index to it meanwhile.
                try
                {
                    await BuildAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await LeaveAsync().ConfigureAwait(false);
                }
            }
            else if (_open == 0)
            {
                // An earlier end of this load failed or was cancelled; no other load is open, so build now.
                await BuildAsync(cancellationToken).ConfigureAwait(false);
            }

            load.Completed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        schema.ResumeIndex();
        var started = TimeProvider.System.GetTimestamp();
        var built = await runner.RunAsync("EndBulkLoad", (connection, token) => schema.BuildIndexAsync(connection, token), cancellationToken).ConfigureAwait(false);
        indexChanged();
        PgVectorLog.BulkLoadEnded(logger, names.LockKey, TimeProvider.System.GetElapsedTime(started), built);
    }

    /// <summary>Counts one open load out; the last one lets writes build the index and releases the lock.</summary>
    private async Task LeaveAsync()
    {
        if (--_open == 0)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync()
    {
        schema.ResumeIndex();
        if (_lock is not { } connection)
        {
            return;
        }

        _lock = null;
        try
        {
            // Explicitly: a pooled connection keeps its session locks until it is reset, on its next use.
            await LockAsync(connection, PgVectorCatalogSqlBuilder.BulkLoadUnlock, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection took its lock with it.
            PgVectorLog.BulkLoadLockReleaseFailed(logger, ex, names.LockKey);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<int> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        PgVectorCommands.ExecuteAsync(connection, sql, cancellationToken, names.LockKey, PgVectorCatalogSqlBuilder.BulkLoadLockClass);

    /// <summary>A load that defers the index; its end builds it, once.</summary>
    private sealed class DeferredLoad(PgVectorBulkLoads owner) : CatalogBulkLoad
    {
        /// <summary>Gets or sets whether the load still counts as open (guarded by the owner's gate).</summary>
        public bool Open { get; set; } = true;

        /// <summary>Gets or sets whether the load has ended with the index built or left to another load (guarded by the owner's gate).</summary>
        public bool Completed { get; set; }

        /// <inheritdoc />
        public override bool Deferred => true;

        /// <inheritdoc />
        public override Task EndAsync(CancellationToken cancellationToken = default) => owner.EndAsync(this, cancellationToken);
    }
}
