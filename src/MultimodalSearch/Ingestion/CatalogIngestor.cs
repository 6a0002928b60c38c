using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MultimodalSearch.Ingestion;

/// <summary>
/// Indexes a catalog source into a store: read and preprocess images in parallel, embed them in batches,
/// write each batch to the store, with bounded queues between the stages. Incremental and resumable:
/// an item whose content hash is already stored is skipped, so a run that was interrupted (even killed)
/// resumes where it stopped. Every failure is reported per file and the run goes on.
/// </summary>
/// <remarks>
/// The content hash covers the image bytes and the item's category, name and metadata, so a change to
/// either re-indexes the item. A store failure (the database going away) ends the run with a
/// <see cref="CatalogStoreException"/>: what was written before it stays written.
/// </remarks>
public sealed class CatalogIngestor
{
    private readonly IMultimodalEmbedder _embedder;
    private readonly ICatalogStore _store;
    private readonly IngestionOptions _options;
    private readonly ImageSizeLimit _imageLimit;
    private readonly ILogger _logger;

    /// <summary>Creates an ingestor.</summary>
    /// <param name="embedder">The embedder for the images.</param>
    /// <param name="store">The store to write to.</param>
    /// <param name="options">The options, or null for the defaults; copied, so later changes do not affect the ingestor.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <exception cref="ArgumentException">An option is out of range: the message names each one.</exception>
    public CatalogIngestor(IMultimodalEmbedder embedder, ICatalogStore store, IngestionOptions? options = null, ILogger<CatalogIngestor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(store);
        _embedder = embedder;
        _store = store;
        _options = (options ?? new IngestionOptions()).Clone();
        OptionsErrors.ThrowIfAny(IngestionOptionsValidator.GetErrors(_options), nameof(options));

        _imageLimit = new ImageSizeLimit(_options.MaxImageBytes, $"MultimodalSearch:{IngestionOptions.SectionName}:{nameof(IngestionOptions.MaxImageBytes)}");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Indexes <paramref name="source"/>.</summary>
    /// <param name="source">The catalog source.</param>
    /// <param name="progress">Receives progress after every batch and skip, or null.</param>
    /// <param name="cancellationToken">
    /// Stops the run; batches already written stay written. A bulk load the run began is still ended (for
    /// pgvector, the HNSW index is built) before the cancellation surfaces.
    /// </param>
    /// <returns>What the run did.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    public async Task<IngestionSummary> IngestAsync(ICatalogSource source, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var activity = MultimodalSearchMetrics.Source.StartActivity("ingestion.run");
        activity?.SetTag("multimodal_search.ingestion.source", source.Description);
        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<IngestionFailure>();
        var entries = await ListAsync(source, failures, cancellationToken).ConfigureAwait(false);
        var stored = await _store.GetContentHashesAsync(cancellationToken).ConfigureAwait(false);
        var counters = new Counters(entries.Count + failures.Count, failures.Count);
        MultimodalSearchMetrics.CountIngested(IngestionOutcome.Failed, failures.Count);
        IngestionLog.Starting(_logger, entries.Count, source.Description, stored.Count, _options.EmbeddingConcurrency, _options.EmbeddingBatchSize, _options.BatchSize);

        var expectedNew = entries.Count(e => !stored.ContainsKey(e.Id));
        var load = expectedNew > 0 && _store is ICatalogBulkLoader loader
            ? await loader.BeginBulkLoadAsync(expectedNew, cancellationToken).ConfigureAwait(false)
            : CatalogBulkLoad.None;
        if (load.Deferred)
        {
            IngestionLog.BulkLoadDeferred(_logger, expectedNew);
        }

        var ending = false;
        try
        {
            await RunPipelineAsync(entries, stored, failures, counters, progress, cancellationToken).ConfigureAwait(false);
            ending = true;
            await load.EndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (load.Deferred && !ending)
        {
            // Even a cancelled run leaves the store whole: a long-lived store would otherwise go on without its index.
            IngestionLog.StoppedEndingBulkLoad(_logger, ex is OperationCanceledException ? "cancelled" : ex.GetType().Name);
            await EndAfterFailureAsync(load).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (load.Deferred)
        {
            // Ending the load itself failed or was cancelled: not again here; the store restores its index later.
            IngestionLog.BulkLoadEndIncomplete(_logger, ex);
            throw;
        }

        var pruned = 0;
        if (_options.Prune)
        {
            // Entries whose image failed this time are still listed, so they are not pruned.
            var present = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var gone = stored.Keys.Where(id => !present.Contains(id)).ToList();
            if (gone.Count > 0)
            {
                pruned = await _store.DeleteAsync(gone, cancellationToken).ConfigureAwait(false);
                IngestionLog.Pruned(_logger, pruned);
            }
        }

        var total = await _store.CountAsync(cancellationToken).ConfigureAwait(false);
        var summary = new IngestionSummary(counters.Indexed, counters.Skipped, pruned, failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(), total, clock.Elapsed);
        activity?.SetTag("multimodal_search.ingestion.indexed", summary.Indexed);
        activity?.SetTag("multimodal_search.ingestion.failed", summary.Failed.Count);
        return summary;
    }

    /// <summary>The hash stored with an item: its image bytes and its fields, so that a change to either re-indexes it.</summary>
    /// <param name="imageBytes">The encoded image.</param>
    /// <param name="entry">The source record.</param>
    /// <returns>A lower-case hex SHA-256.</returns>
    internal static string ContentHash(ReadOnlySpan<byte> imageBytes, CatalogSourceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(imageBytes);
        var fields = new StringBuilder().Append('\0').Append(entry.Category).Append('\0').Append(entry.Name);
        foreach (var (key, value) in entry.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            fields.Append('\0').Append(key).Append('=').Append(value);
        }

        hash.AppendData(Encoding.UTF8.GetBytes(fields.ToString()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<List<CatalogSourceEntry>> ListAsync(ICatalogSource source, ConcurrentQueue<IngestionFailure> failures, CancellationToken cancellationToken)
    {
        var entries = new List<CatalogSourceEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Problem is not null)
            {
                failures.Enqueue(new IngestionFailure(entry.ImagePath, entry.Problem));
            }
            else if (!ids.Add(entry.Id))
            {
                failures.Enqueue(new IngestionFailure(entry.ImagePath, $"duplicate id '{entry.Id}'"));
            }
            else
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>
    /// Readers (read, hash, preprocess) feed a bounded queue that <see cref="IngestionOptions.EmbeddingConcurrency"/>
    /// embedding workers drain, which feed a bounded queue that one writer drains in store batches. The first
    /// stage to fail cancels the others, and its exception is the one thrown.
    /// </summary>
    private async Task RunPipelineAsync(
        List<CatalogSourceEntry> entries,
        IReadOnlyDictionary<string, string?> stored,
        ConcurrentQueue<IngestionFailure> failures,
        Counters counters,
        IProgress<IngestionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var prepared = Channel.CreateBounded<PreparedEntry>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = _options.EmbeddingConcurrency == 1 });
        var embedded = Channel.CreateBounded<CatalogItem>(new BoundedChannelOptions(2 * Math.Max(_options.BatchSize, _options.EmbeddingBatchSize)) { SingleReader = true });
        using var stages = new PipelineStages(cancellationToken);
        var token = stages.Token;
        _ = stages.Start(() => WriteAllAsync(embedded.Reader, counters, progress, token));

        // Each worker is a stage of its own, so that one failing stops the others at once.
        var workers = Enumerable.Range(0, _options.EmbeddingConcurrency)
            .Select(_ => stages.Start(() => EmbedAllAsync(prepared.Reader, embedded.Writer, failures, counters, progress, token)))
            .ToArray();
        _ = Task.WhenAll(workers).ContinueWith(
            done =>
            {
                _ = done.Exception; // observed here, reported by the stages
                embedded.Writer.TryComplete();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        _ = stages.Start(async () =>
        {
            try
            {
                await PrepareAllAsync(entries, stored, prepared.Writer, failures, counters, progress, token).ConfigureAwait(false);
            }
            finally
            {
                prepared.Writer.TryComplete();
            }
        });

        await stages.WaitAsync().ConfigureAwait(false);
    }

    private async Task EndAfterFailureAsync(CatalogBulkLoad load)
    {
        try
        {
            await load.EndAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The run's own failure is the one to report; the store restores its index when next opened.
            IngestionLog.BulkLoadEndFailedAfterStop(_logger, ex);
        }
    }

    private async Task PrepareAllAsync(
        List<CatalogSourceEntry> entries,
        IReadOnlyDictionary<string, string?> stored,
        ChannelWriter<PreparedEntry> queue,
        ConcurrentQueue<IngestionFailure> failures,
        Counters counters,
        IProgress<IngestionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.PreprocessingParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(entries, parallel, async (entry, token) =>
        {
            ReadOnlyMemory<byte> bytes;
            try
            {
                bytes = await ImageInput.FromFile(entry.ImagePath, _imageLimit).ReadAsync(token).ConfigureAwait(false);
            }
            catch (InvalidImageException ex)
            {
                Fail(failures, counters, progress, entry.ImagePath, ex.Reason);
                return;
            }

            var hash = ContentHash(bytes.Span, entry);
            if (stored.TryGetValue(entry.Id, out var storedHash) && storedHash == hash)
            {
                Interlocked.Increment(ref counters.Skipped);
                MultimodalSearchMetrics.CountIngested(IngestionOutcome.Unchanged, 1);
                progress?.Report(counters.Snapshot());
                return;
            }

            PreparedImage prepared;
            try
            {
                prepared = await _embedder.PrepareImageAsync(ImageInput.FromBytes(bytes, entry.ImagePath), token).ConfigureAwait(false);
            }
            catch (InvalidImageException ex)
            {
                Fail(failures, counters, progress, entry.ImagePath, ex.Reason);
                return;
            }

            await queue.WriteAsync(new PreparedEntry(entry, hash, prepared), token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task EmbedAllAsync(
        ChannelReader<PreparedEntry> input,
        ChannelWriter<CatalogItem> output,
        ConcurrentQueue<IngestionFailure> failures,
        Counters counters,
        IProgress<IngestionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var batch = new List<PreparedEntry>(_options.EmbeddingBatchSize);
        while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Take what is ready: a slow source never holds the model back waiting for a full batch.
            while (batch.Count < _options.EmbeddingBatchSize && input.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue; // another worker took them
            }

            foreach (var item in await EmbedAsync(batch, failures, counters, progress, cancellationToken).ConfigureAwait(false))
            {
                await output.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }

            batch.Clear();
        }
    }

    private async Task WriteAllAsync(ChannelReader<CatalogItem> input, Counters counters, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var batch = new List<CatalogItem>(_options.BatchSize);
        while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < _options.BatchSize && input.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == _options.BatchSize)
            {
                await WriteAsync(batch, counters, progress, cancellationToken).ConfigureAwait(false);
                batch = new List<CatalogItem>(_options.BatchSize);
            }
        }

        await WriteAsync(batch, counters, progress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<CatalogItem>> EmbedAsync(List<PreparedEntry> batch, ConcurrentQueue<IngestionFailure> failures, Counters counters, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        IReadOnlyList<ImageEmbedding> embeddings;
        try
        {
            embeddings = await _embedder.EmbedPreparedImagesAsync(batch.Select(b => b.Image).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (EmbeddingModelException ex)
        {
            IngestionLog.EmbeddingBatchFailed(_logger, ex, batch.Count);
            foreach (var item in batch)
            {
                Fail(failures, counters, progress, item.Entry.ImagePath, $"embedding failed: {ex.Message}");
            }

            return [];
        }

        return batch.Select((b, i) => new CatalogItem
        {
            Id = b.Entry.Id,
            Category = b.Entry.Category,
            Name = b.Entry.Name,
            ImageLocation = b.Entry.ImagePath,
            ContentHash = b.Hash,
            Metadata = b.Entry.Metadata,
            Embedding = embeddings[i],
        }).ToList();
    }

    private async Task WriteAsync(List<CatalogItem> items, Counters counters, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await _store.UpsertAsync(items, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref counters.Indexed, items.Count);
        MultimodalSearchMetrics.CountIngested(IngestionOutcome.Indexed, items.Count);
        progress?.Report(counters.Snapshot());
    }

    private void Fail(ConcurrentQueue<IngestionFailure> failures, Counters counters, IProgress<IngestionProgress>? progress, string path, string reason)
    {
        IngestionLog.Skipped(_logger, path, reason);
        failures.Enqueue(new IngestionFailure(path, reason));
        Interlocked.Increment(ref counters.Failed);
        MultimodalSearchMetrics.CountIngested(IngestionOutcome.Failed, 1);
        progress?.Report(counters.Snapshot());
    }

    private sealed record PreparedEntry(CatalogSourceEntry Entry, string Hash, PreparedImage Image);

    private sealed class Counters(int expected, int failed)
    {
        public int Indexed;
        public int Skipped;
        public int Failed = failed;

        public IngestionProgress Snapshot() => new(expected, Volatile.Read(ref Indexed), Volatile.Read(ref Skipped), Volatile.Read(ref Failed));
    }
}
