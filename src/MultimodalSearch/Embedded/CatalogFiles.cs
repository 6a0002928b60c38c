using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The files of an embedded catalog directory: a lock file, the manifest (the commit record) and the
/// current log. A commit appends the batch's records to the log, flushes it, then replaces the manifest
/// atomically; the manifest names the committed length, so a torn append is provably uncommitted.
/// </summary>
internal sealed class CatalogFiles : IDisposable
{
    private const string ManifestName = "manifest";
    private const string LockName = "catalog.lock";
    private const string LogPrefix = "catalog-";
    private const string LogSuffix = ".log";
    private const int CompactionBatchItems = 256;

    private readonly string _directory;
    private readonly FileStream _lock;
    private readonly ILogger _logger;
    private FileStream _log;
    private CatalogManifest _manifest;

    private CatalogFiles(string directory, FileStream lockFile, FileStream log, CatalogManifest manifest, ILogger logger)
    {
        _directory = directory;
        _lock = lockFile;
        _log = log;
        _manifest = manifest;
        _logger = logger;
    }

    /// <summary>Gets the committed length of the current log.</summary>
    public long LogLength => _manifest.CommittedLength;

    /// <summary>Gets the path of the current log.</summary>
    public string LogPath => LogFile(_manifest.Generation);

    /// <summary>Opens (or creates) the catalog in <paramref name="directory"/> and loads it.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="precision">How vectors are kept in memory.</param>
    /// <param name="quantized">Whether to keep an int8 copy of the vectors for photo scans.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="snapshot">The loaded catalog.</param>
    /// <returns>The open files; the caller disposes them.</returns>
    /// <exception cref="CatalogStoreException">The directory is in use, unreadable, or holds a corrupt or truncated catalog.</exception>
    public static CatalogFiles Open(string directory, EmbeddedVectorPrecision precision, bool quantized, ILogger logger, out CatalogSnapshot snapshot)
    {
        directory = Path.GetFullPath(directory);
        var lockFile = AcquireLock(directory);
        FileStream? log = null;
        try
        {
            var manifestPath = Path.Combine(directory, ManifestName);
            File.Delete(manifestPath + ".tmp");
            CatalogManifest manifest;
            if (File.Exists(manifestPath))
            {
                manifest = ReadManifest(manifestPath);
                log = OpenLog(directory, manifest.Generation, FileMode.Open);
                snapshot = CatalogLogLoader.Load(log, manifest, precision, quantized);
                DiscardUncommittedTail(log, manifest, logger);
            }
            else
            {
                var strays = Directory.GetFiles(directory, LogPrefix + "*" + LogSuffix);
                if (strays.Length > 0)
                {
                    throw new CatalogStoreException("Open", $"The catalog in '{directory}' has log files ({Path.GetFileName(strays[0])}) but no manifest; refusing to treat it as empty. Restore the manifest or remove the directory.");
                }

                manifest = new CatalogManifest(1, CatalogLogFormat.FileHeaderSize, 0, 0, 0, 0);
                log = OpenLog(directory, manifest.Generation, FileMode.CreateNew);
                WriteFileHeader(log);
                WriteManifest(directory, manifest);
                snapshot = CatalogSnapshot.Empty(precision, quantized);
            }

            var files = new CatalogFiles(directory, lockFile, log, manifest, logger);
            files.DeleteStrayLogs();
            return files;
        }
        catch (Exception ex)
        {
            log?.Dispose();
            lockFile.Dispose();
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new CatalogStoreException("Open", $"Cannot open the catalog in '{directory}': {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>
    /// Loads the catalog in <paramref name="directory"/> without writing, creating or locking anything, so that it
    /// works on a read-only directory or mount and beside a writer: it reads the last committed state (the
    /// manifest, then the committed part of the log it names, which no later commit changes).
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <param name="precision">How vectors are kept in memory.</param>
    /// <param name="quantized">Whether to keep an int8 copy of the vectors for photo scans.</param>
    /// <returns>The loaded catalog.</returns>
    /// <exception cref="CatalogStoreException">The directory holds no catalog, is unreadable, or holds a corrupt or truncated catalog.</exception>
    public static CatalogSnapshot LoadReadOnly(string directory, EmbeddedVectorPrecision precision, bool quantized)
    {
        directory = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(directory, ManifestName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!File.Exists(manifestPath))
                {
                    throw new CatalogStoreException("Open", $"There is no catalog in '{directory}' (no {ManifestName}) to open read-only; index one there first.");
                }

                var manifest = ReadManifest(manifestPath);
                using var log = new FileStream(Path.Combine(directory, LogFileName(manifest.Generation)), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
                return CatalogLogLoader.Load(log, manifest, precision, quantized);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
                // A writer compacted the catalog between reading the manifest and opening its log: read the new manifest.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CatalogStoreException("Open", $"Cannot read the catalog in '{directory}': {ex.Message}", ex);
            }
        }
    }

    /// <summary>Appends a batch's records and commits them.</summary>
    /// <param name="records">The records.</param>
    /// <param name="next">The catalog as it is after the batch.</param>
    /// <exception cref="IOException">Writing failed; the batch may or may not be committed on disk.</exception>
    public void Commit(ReadOnlySpan<byte> records, CatalogSnapshot next)
    {
        _log.Position = _manifest.CommittedLength;
        _log.Write(records);
        _log.Flush(flushToDisk: true);
        var manifest = _manifest with
        {
            CommittedLength = _manifest.CommittedLength + records.Length,
            Dimensions = next.Dimensions,
            QueryCount = next.QueryCount,
            ItemCount = next.Items.Count,
            Sequence = _manifest.Sequence + 1,
        };
        WriteManifest(_directory, manifest);
        _manifest = manifest;
    }

    /// <summary>
    /// Rewrites the log as the live items of <paramref name="snapshot"/> only, in a new file that the
    /// manifest then points to; the old file is deleted afterwards.
    /// </summary>
    /// <param name="snapshot">The committed catalog.</param>
    /// <exception cref="IOException">Writing failed before the switch; the old log stays current.</exception>
    public void Compact(CatalogSnapshot snapshot)
    {
        var generation = _manifest.Generation + 1;
        var path = LogFile(generation);
        var log = OpenLog(_directory, generation, FileMode.Create);
        try
        {
            WriteFileHeader(log);
            WriteItems(log, snapshot);
            log.Flush(flushToDisk: true);
        }
        catch
        {
            log.Dispose();
            File.Delete(path);
            throw;
        }

        var manifest = _manifest with { Generation = generation, CommittedLength = log.Length, ItemCount = snapshot.Items.Count, Sequence = _manifest.Sequence + 1 };
        try
        {
            WriteManifest(_directory, manifest);
        }
        catch
        {
            // The new file stays: the manifest on disk may already name it. The old one stays current here,
            // and the next commit's manifest names it again.
            log.Dispose();
            throw;
        }

        var old = _log;
        _log = log;
        _manifest = manifest;
        old.Dispose();
        DeleteStrayLogs();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _log.Dispose();
        _lock.Dispose();
    }

    private static void WriteItems(FileStream log, CatalogSnapshot snapshot)
    {
        var pending = 0;
        var writer = new LogBatchWriter(snapshot.Precision);
        try
        {
            foreach (var partition in snapshot.Partitions.Values)
            {
                foreach (var stored in partition.Slots)
                {
                    if (stored is null)
                    {
                        continue;
                    }

                    writer.AddUpsert(snapshot.Get(stored.Id)!);
                    if (++pending == CompactionBatchItems)
                    {
                        log.Write(writer.Complete().Span);
                        writer.Dispose();
                        writer = new LogBatchWriter(snapshot.Precision);
                        pending = 0;
                    }
                }
            }

            log.Write(writer.Complete().Span);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static FileStream AcquireLock(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return new FileStream(Path.Combine(directory, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            // Another store holds the lock: opening again once it is closed works.
            throw new CatalogStoreException("Open", $"The catalog in '{directory}' is in use by another store instance or process (cannot lock {LockName}).", ex) { IsTransient = true };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CatalogStoreException("Open", $"Cannot create or lock the catalog directory '{directory}': {ex.Message}", ex);
        }
    }

    private static CatalogManifest ReadManifest(string path)
    {
        var problem = CatalogManifest.TryDecode(File.ReadAllBytes(path), out var manifest);
        return problem is null
            ? manifest
            : throw new CatalogStoreException("Open", $"The catalog manifest '{path}' is unusable: {problem}.");
    }

    private static void WriteManifest(string directory, CatalogManifest manifest)
    {
        var path = Path.Combine(directory, ManifestName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(manifest.Encode());
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
    }

    private static FileStream OpenLog(string directory, long generation, FileMode mode) =>
        new(Path.Combine(directory, LogFileName(generation)), mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16);

    private static void WriteFileHeader(FileStream log)
    {
        Span<byte> header = stackalloc byte[CatalogLogFormat.FileHeaderSize];
        CatalogLogFormat.WriteFileHeader(header);
        log.Write(header);
        log.Flush(flushToDisk: true);
    }

    private static void DiscardUncommittedTail(FileStream log, CatalogManifest manifest, ILogger logger)
    {
        if (log.Length > manifest.CommittedLength)
        {
            // Only the manifest commits bytes: anything past its length is an append that never committed.
            EmbeddedCatalogLog.UncommittedTailDiscarded(logger, log.Length - manifest.CommittedLength, log.Name);
            log.SetLength(manifest.CommittedLength);
            log.Flush(flushToDisk: true);
        }
    }

    private static string LogFileName(long generation) => LogPrefix + generation.ToString("D6", CultureInfo.InvariantCulture) + LogSuffix;

    private string LogFile(long generation) => Path.Combine(_directory, LogFileName(generation));

    private void DeleteStrayLogs()
    {
        var current = LogFileName(_manifest.Generation);
        foreach (var path in Directory.GetFiles(_directory, LogPrefix + "*" + LogSuffix))
        {
            if (!string.Equals(Path.GetFileName(path), current, StringComparison.Ordinal))
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException ex)
                {
                    // A leftover file costs only disk space; the manifest never points to it.
                    EmbeddedCatalogLog.OldLogNotDeleted(_logger, ex, path);
                }
            }
        }
    }
}
