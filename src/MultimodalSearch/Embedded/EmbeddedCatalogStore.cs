using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The in-process catalog store: exact SIMD search over every query vector of every item, persisted to a
/// directory. Each batch is committed atomically and durably (append, flush, then an atomic manifest
/// replace), so a crash at any moment leaves the last committed state; a corrupt or truncated file is
/// reported, never half-loaded.
/// </summary>
/// <remarks>
/// Thread-safe. Searches and reads run on an immutable snapshot and never wait for writers; writers are
/// serialised. One directory can be open in one writable store instance at a time (a lock file enforces it);
/// read-only instances (<see cref="EmbeddedCatalogStoreOptions.ReadOnly"/>) take no lock.
/// </remarks>
public sealed class EmbeddedCatalogStore : ICatalogStore, IAsyncDisposable, IDisposable
{
    private const long CompactionSlackBytes = 4L << 20;
    private const string StoreKind = "embedded";

    private readonly CatalogFiles? _files;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly SearchSettings _settings;
    private CatalogSnapshot _snapshot;
    private Exception? _fault;
    private volatile bool _disposed;

    private EmbeddedCatalogStore(CatalogFiles? files, CatalogSnapshot snapshot, EmbeddedCatalogStoreOptions options, ILogger logger)
    {
        _files = files;
        _snapshot = snapshot;
        _logger = logger;
        _settings = new SearchSettings(
            options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount,
            RescoreFactor: 0,
            Quantized: true,
            options.VnniOverride);
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>Gets the full path of the store's directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the snapshot searches start from now, for tests.</summary>
    internal CatalogSnapshot CurrentSnapshot => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Opens the store in <see cref="EmbeddedCatalogStoreOptions.Directory"/>, creating it when missing (unless
    /// <see cref="EmbeddedCatalogStoreOptions.ReadOnly"/> is set), and loads it into memory.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <param name="cancellationToken">Cancels the wait before loading starts.</param>
    /// <returns>The open store; dispose it to release the directory.</returns>
    /// <exception cref="ArgumentException">The options have no directory or an unknown precision.</exception>
    /// <exception cref="CatalogStoreException">The directory is in use or unreadable, holds no catalog to open read-only, or the catalog in it is corrupt or truncated (the message names the file and the defect).</exception>
    public static Task<EmbeddedCatalogStore> OpenAsync(EmbeddedCatalogStoreOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Open(options, logger), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpsertAsync(IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable("Upsert");
            var current = _snapshot;
            CatalogBatchValidator.Validate(items, current.Dimensions, current.QueryCount, current.Precision == EmbeddedVectorPrecision.Float16 ? (float)Half.MaxValue : float.MaxValue, "float16");
            if (items.Count == 0)
            {
                return;
            }

            using var activity = MultimodalSearchMetrics.StartCatalogActivity("upsert", StoreKind);
            activity?.SetTag("multimodal_search.items", items.Count);
            using var writer = new LogBatchWriter(current.Precision);
            var builder = new SnapshotBuilder(current);
            builder.SetShape(items[0].Embedding.Dimensions, items[0].Embedding.QueryCount);
            foreach (var item in items)
            {
                var bytes = writer.AddUpsert(item);
                var fields = new StoredItem(item.Id, item.Category, item.Name, item.ImageLocation, item.ContentHash, CopyMetadata(item.Metadata), -1, bytes);
                builder.Upsert(fields, item.Embedding.Vectors.Span);
            }

            // The last point at which cancelling leaves the catalog unchanged.
            cancellationToken.ThrowIfCancellationRequested();
            Commit("Upsert", writer.Complete(), builder.Build());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Any(id => id is null))
        {
            throw new ArgumentException("The ids must not contain null.", nameof(ids));
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable("Delete");
            var current = _snapshot;
            using var writer = new LogBatchWriter(current.Precision);
            var builder = new SnapshotBuilder(current);
            var deleted = 0;
            foreach (var id in ids)
            {
                if (builder.Delete(id))
                {
                    writer.AddDelete(id);
                    deleted++;
                }
            }

            if (deleted > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Commit("Delete", writer.Complete(), builder.Build());
            }

            return deleted;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public Task<CatalogItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(Volatile.Read(ref _snapshot).Get(id));
    }

    /// <inheritdoc/>
    public Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult((long)Volatile.Read(ref _snapshot).Items.Count);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> GetCategoriesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult<IReadOnlyList<string>>([.. Volatile.Read(ref _snapshot).Partitions.Keys]);
    }

    /// <inheritdoc/>
    public Task<CatalogFacets> GetFacetsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(Volatile.Read(ref _snapshot).Facets);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, string?>> GetContentHashesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var items = Volatile.Read(ref _snapshot).Items;
        var hashes = new Dictionary<string, string?>(items.Count, StringComparer.Ordinal);
        foreach (var (id, item) in items)
        {
            hashes.Add(id, item.ContentHash);
        }

        return Task.FromResult<IReadOnlyDictionary<string, string?>>(hashes);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var snapshot = Volatile.Read(ref _snapshot);
        CatalogQueryValidator.Validate(query, snapshot.Dimensions);
        if (snapshot.Items.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<CatalogHit>>([]);
        }

        using var activity = MultimodalSearchMetrics.StartCatalogActivity("search", StoreKind);
        activity?.SetTag("multimodal_search.search.top", query.Top);
        using var measurement = MultimodalSearchMetrics.MeasureStoreSearch(StoreKind);
        try
        {
            var hits = CatalogSearcher.Search(snapshot, query, _settings, cancellationToken);
            measurement.Succeed();
            return Task.FromResult(hits);
        }
        catch (Exception ex) when (measurement.Fail(ex))
        {
            throw; // not reached: the filter only records the failure
        }
    }

    /// <summary>Runs <paramref name="query"/> like <see cref="SearchAsync"/> with other settings, for benchmarks and tests.</summary>
    /// <param name="query">The query.</param>
    /// <param name="quantized">Whether photo queries may use the int8 copy (false: the float kernel).</param>
    /// <param name="rescoreFactor">0: exact; N &gt; 0: the approximate int8 search's factor.</param>
    /// <param name="statistics">Receives how many items each pass scored, or null.</param>
    /// <returns>The best hits, best first, ties by id.</returns>
    internal IReadOnlyList<CatalogHit> SearchWith(CatalogQuery query, bool quantized, int rescoreFactor, SearchStatistics? statistics = null)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        CatalogQueryValidator.Validate(query, snapshot.Dimensions);
        return snapshot.Items.Count == 0 ? [] : CatalogSearcher.Search(snapshot, query, _settings with { Quantized = quantized, RescoreFactor = rescoreFactor }, CancellationToken.None, statistics);
    }

    /// <summary>
    /// Runs <paramref name="query"/> by scoring every item exactly, one by one, without the scan kernels: the reference
    /// that <see cref="SearchAsync"/> must equal, and the benchmarks' baseline.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <returns>The best hits, best first, ties by id.</returns>
    internal IReadOnlyList<CatalogHit> SearchExhaustively(CatalogQuery query)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        CatalogQueryValidator.Validate(query, snapshot.Dimensions);
        return snapshot.Items.Count == 0 ? [] : CatalogSearcher.SearchExhaustively(snapshot, query, _settings.MaxParallelism, CancellationToken.None);
    }

    /// <summary>
    /// Rewrites the log with only the live items, reclaiming the space of overwritten and deleted ones.
    /// The store also does this by itself when the log has grown to more than twice the live data.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for other writers.</param>
    /// <returns>A task that completes when the compacted log is committed.</returns>
    /// <exception cref="CatalogStoreException">Writing the compacted log failed; the previous log stays in use.</exception>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable("Compact");
            try
            {
                CompactCore();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CatalogStoreException("Compact", $"Cannot compact the catalog in '{Directory}': {ex.Message}", ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // Waiting for the writer keeps a commit from being cut off by the files closing under it.
        _writeLock.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _files?.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens the store synchronously (for dependency injection factories).</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <returns>The open store.</returns>
    internal static EmbeddedCatalogStore Open(EmbeddedCatalogStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("EmbeddedCatalogStoreOptions.Directory is required: the directory the catalog is kept in.", nameof(options));
        }

        if (!Enum.IsDefined(options.VectorPrecision))
        {
            throw new ArgumentException($"Unknown vector precision {options.VectorPrecision}.", nameof(options));
        }

        logger ??= NullLogger.Instance;
        var started = Stopwatch.GetTimestamp();
        CatalogFiles? files = null;
        CatalogSnapshot snapshot;
        if (options.ReadOnly)
        {
            snapshot = CatalogFiles.LoadReadOnly(options.Directory, options.VectorPrecision, options.KeepsQuantizedCopy);
        }
        else
        {
            files = CatalogFiles.Open(options.Directory, options.VectorPrecision, options.KeepsQuantizedCopy, logger, out snapshot);
        }

        EmbeddedCatalogLog.Opened(logger, options.ReadOnly ? options.Directory + " (read-only)" : options.Directory, snapshot.Items.Count, snapshot.Partitions.Count, snapshot.Precision, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new EmbeddedCatalogStore(files, snapshot, options, logger);
    }

    /// <summary>Gets the files of a writable store (every writer checks <see cref="ThrowIfUnusable(string)"/> first).</summary>
    private CatalogFiles WritableFiles => _files ?? throw new InvalidOperationException("The store is read-only.");

    private static IReadOnlyDictionary<string, string> CopyMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? CatalogItem.EmptyMetadata : new Dictionary<string, string>(metadata, StringComparer.Ordinal).AsReadOnly();

    private void Commit(string operation, ReadOnlyMemory<byte> records, CatalogSnapshot next)
    {
        try
        {
            WritableFiles.Commit(records.Span, next);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Whether the manifest was replaced is unknown, so later appends could tear a committed record.
            _fault = ex;
            EmbeddedCatalogLog.CommitFailed(_logger, ex, Directory);
            throw new CatalogStoreException(operation, $"Cannot commit to the catalog in '{Directory}': {ex.Message}. Reopen the store: it holds the last committed state.", ex);
        }

        Volatile.Write(ref _snapshot, next);
        if (WritableFiles.LogLength > (2 * next.LiveBytes) + CompactionSlackBytes)
        {
            try
            {
                CompactCore();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The batch is committed; a failed compaction leaves the longer log in use.
                EmbeddedCatalogLog.CompactionFailed(_logger, ex, Directory);
            }
        }
    }

    private void CompactCore()
    {
        var files = WritableFiles;
        var before = files.LogLength;
        var started = Stopwatch.GetTimestamp();
        files.Compact(_snapshot);
        EmbeddedCatalogLog.Compacted(_logger, Directory, before, files.LogLength, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void ThrowIfUnusable(string operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_files is null)
        {
            throw new CatalogStoreException(operation, $"The catalog in '{Directory}' is open read-only (EmbeddedCatalogStoreOptions.ReadOnly); open it without ReadOnly to change it.");
        }

        if (_fault is not null)
        {
            throw new CatalogStoreException("Write", $"An earlier commit to '{Directory}' failed ({_fault.Message}); reopen the store.", _fault);
        }
    }
}
