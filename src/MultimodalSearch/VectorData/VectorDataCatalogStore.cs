using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Embedded;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.VectorData;

/// <summary>
/// The catalog in any Microsoft.Extensions.VectorData collection: one record per (item, query vector) with
/// the item's fields. A search takes the nearest records of each search vector from the collection's index,
/// then reads every query vector of the candidate items and scores them exactly as every store does
/// (<see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>).
/// </summary>
/// <remarks>
/// Thread-safe when the collection is. Atomicity and isolation are the collection's: a batch is one
/// <c>UpsertAsync</c> call (one transaction on <c>PgVectorCollection</c>), and a search reads its
/// candidates' vectors in one batch read. Counting and listing read the collection page by page.
/// Create one with <see cref="Create(VectorStore, VectorDataCatalogOptions?, ILogger?, bool)"/>, or register it
/// with <c>AddVectorDataCatalog()</c>.
/// </remarks>
public sealed class VectorDataCatalogStore : ICatalogStore, IAsyncDisposable, IDisposable
{
    private const string StoreKind = "vectordata";

    // Search vectors run their nearest-neighbour queries this many at a time: a photo has 32 of them, and
    // running all at once would take as many pooled connections per search.
    private const int SearchParallelism = 4;

    private readonly VectorStoreCollection<object, Dictionary<string, object?>> _collection;
    private readonly VectorStore? _ownedStore;
    private readonly VectorDataCatalogOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;
    private int _queryCount;

    private VectorDataCatalogStore(VectorStoreCollection<object, Dictionary<string, object?>> collection, VectorStore? ownedStore, VectorDataCatalogOptions options, ILogger? logger)
    {
        _collection = collection;
        _ownedStore = ownedStore;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the collection that holds the catalog.</summary>
    public VectorStoreCollection<object, Dictionary<string, object?>> Collection => _collection;

    /// <summary>Creates a store in the collection <see cref="VectorDataCatalogOptions.CollectionName"/> of <paramref name="vectorStore"/>, created on first use.</summary>
    /// <param name="vectorStore">Any MEVD vector store.</param>
    /// <param name="options">The options, or null for the defaults; copied.</param>
    /// <param name="logger">Where to log, or null.</param>
    /// <param name="ownsVectorStore">Whether disposing the catalog disposes <paramref name="vectorStore"/>.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The options are invalid: the message names each setting at fault.</exception>
    /// <exception cref="NotSupportedException">The vector store cannot hold the catalog's record layout (see <see cref="CreateDefinition"/>).</exception>
    public static VectorDataCatalogStore Create(VectorStore vectorStore, VectorDataCatalogOptions? options = null, ILogger? logger = null, bool ownsVectorStore = false)
    {
        ArgumentNullException.ThrowIfNull(vectorStore);
        var settings = (options ?? new()).Clone();
        VectorDataCatalogOptionsValidator.ThrowIfInvalid(settings);
        var collection = vectorStore.GetDynamicCollection(settings.CollectionName, CatalogRecords.CreateDefinition(settings));
        return new VectorDataCatalogStore(collection, ownsVectorStore ? vectorStore : null, settings, logger);
    }

    /// <summary>Creates a store over a collection made with <see cref="CreateDefinition"/> and the same options; the store does not dispose it.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="options">The options the collection's definition was made with, or null for the defaults.</param>
    /// <param name="logger">Where to log, or null.</param>
    /// <returns>The store.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static VectorDataCatalogStore Create(VectorStoreCollection<object, Dictionary<string, object?>> collection, VectorDataCatalogOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var settings = (options ?? new()).Clone();
        VectorDataCatalogOptionsValidator.ThrowIfInvalid(settings);
        return new VectorDataCatalogStore(collection, null, settings, logger);
    }

    /// <summary>
    /// Gets the definition of the catalog's collection: a key (<see cref="Guid"/>, or string), the item's id, query
    /// index, query count, category (id, query index and category indexed), name, image location, content hash,
    /// metadata (JSON) and one query vector.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The definition, for <see cref="VectorStore.GetDynamicCollection"/>.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static VectorStoreCollectionDefinition CreateDefinition(VectorDataCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        VectorDataCatalogOptionsValidator.ThrowIfInvalid(options);
        return CatalogRecords.CreateDefinition(options);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        CatalogBatchValidator.Validate(items);
        if (items.Count == 0)
        {
            return;
        }

        ValidateForCollection(items);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = MultimodalSearchMetrics.StartCatalogActivity("upsert", StoreKind);
        activity?.SetTag("multimodal_search.items", items.Count);
        await RunAsync("Upsert", async token =>
        {
            var queryCount = await QueryCountAsync(create: true, token).ConfigureAwait(false);
            if (queryCount != 0)
            {
                CatalogBatchValidator.Validate(items, _options.Dimensions, queryCount);
            }

            await _collection.UpsertAsync(items.SelectMany(item => CatalogRecords.ToRecords(item, _options.StringKeys)), token).ConfigureAwait(false);
            Interlocked.CompareExchange(ref _queryCount, items[0].Embedding.QueryCount, 0);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Finds which ids exist, then deletes their records; the count is of items found.</remarks>
    public async Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Any(id => id is null))
        {
            throw new ArgumentException("The ids must not contain null.", nameof(ids));
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 0)
        {
            return 0;
        }

        using var activity = MultimodalSearchMetrics.StartCatalogActivity("delete", StoreKind);
        return await RunAsync("Delete", async token =>
        {
            var queryCount = await QueryCountAsync(create: true, token).ConfigureAwait(false);
            if (queryCount == 0)
            {
                return 0;
            }

            var found = new List<string>();
            await foreach (var record in _collection.GetAsync(CatalogFilters.FirstRecordsOf(distinct), distinct.Length, cancellationToken: token).ConfigureAwait(false))
            {
                found.Add(CatalogRecords.Read<string>(record, CatalogRecords.ItemId));
            }

            if (found.Count > 0)
            {
                await _collection.DeleteAsync(CatalogRecords.KeysOf(found, queryCount, _options.StringKeys), token).ConfigureAwait(false);
            }

            return found.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CatalogItem?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var activity = MultimodalSearchMetrics.StartCatalogActivity("get", StoreKind);
        return await RunAsync("Get", async token =>
        {
            var queryCount = await QueryCountAsync(create: false, token).ConfigureAwait(false);
            if (queryCount == 0 || !IsWellFormed(id))
            {
                return null;
            }

            var items = await ReadItemsAsync([id], queryCount, token).ConfigureAwait(false);
            return items.Count == 0 ? null : items[0];
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Count", async token =>
        {
            long count = 0;
            await ForEachItemAsync(_ => count++, create: false, token).ConfigureAwait(false);
            return count;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCategoriesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>("GetCategories", async token =>
        {
            var categories = new SortedSet<string>(StringComparer.Ordinal);
            await ForEachItemAsync(record => categories.Add(CatalogRecords.Read<string>(record, CatalogRecords.Category)), create: false, token).ConfigureAwait(false);
            return [.. categories];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CatalogFacets> GetFacetsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("GetFacets", async token =>
        {
            var facets = new CatalogFacetsBuilder();
            await ForEachItemAsync(record => facets.Add(CatalogRecords.Read<string>(record, CatalogRecords.Category), CatalogRecords.ToItemFields(record).Metadata), create: false, token).ConfigureAwait(false);
            return facets.Build();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string?>> GetContentHashesAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyDictionary<string, string?>>("GetContentHashes", async token =>
        {
            var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
            await ForEachItemAsync(record => hashes[CatalogRecords.Read<string>(record, CatalogRecords.ItemId)] = CatalogRecords.ToItemFields(record).ContentHash, create: true, token).ConfigureAwait(false);
            return hashes;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CatalogQueryValidator.Validate(query, _options.Dimensions);
        using var activity = MultimodalSearchMetrics.StartCatalogActivity("search", StoreKind);
        activity?.SetTag("multimodal_search.search.top", query.Top);
        using var measurement = MultimodalSearchMetrics.MeasureStoreSearch(StoreKind);
        var hits = await RunAsync<IReadOnlyList<CatalogHit>>("Search", async token =>
        {
            var queryCount = await QueryCountAsync(create: false, token).ConfigureAwait(false);
            if (queryCount == 0)
            {
                return [];
            }

            var wanted = CatalogCandidates.CountFor(query, _options);
            var filter = CatalogFilters.InCategories(query.Categories is { Count: > 0 } categories ? [.. categories.Distinct(StringComparer.Ordinal)] : null);
            var vectors = SearchVectors(query);
            var lists = new IReadOnlyList<string>[vectors.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, lists.Length),
                new ParallelOptions { MaxDegreeOfParallelism = SearchParallelism, CancellationToken = token },
                async (i, innerToken) => lists[i] = await NearestItemsAsync(vectors[i], filter, wanted, queryCount, innerToken).ConfigureAwait(false)).ConfigureAwait(false);
            var candidates = CatalogCandidates.Merge(lists, wanted);
            activity?.SetTag("multimodal_search.search.candidates", candidates.Count);
            var items = await ReadItemsAsync(candidates, queryCount, token).ConfigureAwait(false);
            return Rank(items, query);
        }, cancellationToken, measurement).ConfigureAwait(false);
        measurement.Succeed();
        return hits;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        _ownedStore?.Dispose();
    }

    private static List<ReadOnlyMemory<float>> SearchVectors(CatalogQuery query)
    {
        var vectors = new List<ReadOnlyMemory<float>>();
        if (CatalogScoring.TextWeight(query) > 0)
        {
            vectors.Add(query.Text!.Vector);
        }

        if (CatalogScoring.ImageWeight(query) > 0)
        {
            for (var q = 0; q < query.Image!.QueryCount; q++)
            {
                vectors.Add(query.Image.GetQuery(q));
            }
        }

        return vectors;
    }

    /// <summary>
    /// Finds the items of the nearest records to <paramref name="vector"/>, best first, widening the search
    /// until it has <paramref name="wanted"/> distinct items or the collection has no more matching records.
    /// </summary>
    private async Task<IReadOnlyList<string>> NearestItemsAsync(
        ReadOnlyMemory<float> vector,
        System.Linq.Expressions.Expression<Func<Dictionary<string, object?>, bool>>? filter,
        int wanted,
        int queryCount,
        CancellationToken cancellationToken)
    {
        // Every item has queryCount records, so that many per item always yields enough distinct items.
        var most = (int)Math.Min(int.MaxValue, (long)wanted * queryCount);
        var top = Math.Min(most, Math.Max(64, wanted * 4));
        while (true)
        {
            var items = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var records = 0;
            var options = new VectorSearchOptions<Dictionary<string, object?>> { Filter = filter };
            await foreach (var result in _collection.SearchAsync(vector, top, options, cancellationToken).ConfigureAwait(false))
            {
                records++;
                var id = CatalogRecords.Read<string>(result.Record, CatalogRecords.ItemId);
                if (seen.Add(id))
                {
                    items.Add(id);
                }
            }

            if (items.Count >= wanted || records < top || top == most)
            {
                return items.Count > wanted ? items[..wanted] : items;
            }

            top = (int)Math.Min(most, (long)top * 4);
        }
    }

    /// <summary>Reads whole items, every query vector included, in one batch read (one snapshot where the collection gives one).</summary>
    private async Task<List<CatalogItem>> ReadItemsAsync(IReadOnlyList<string> ids, int queryCount, CancellationToken cancellationToken)
    {
        var byItem = new Dictionary<string, List<Dictionary<string, object?>>>(StringComparer.Ordinal);
        var keys = CatalogRecords.KeysOf(ids, queryCount, _options.StringKeys);
        await foreach (var record in _collection.GetAsync(keys, new RecordRetrievalOptions { IncludeVectors = true }, cancellationToken).ConfigureAwait(false))
        {
            var id = CatalogRecords.Read<string>(record, CatalogRecords.ItemId);
            if (!byItem.TryGetValue(id, out var records))
            {
                byItem[id] = records = [];
            }

            records.Add(record);
        }

        var items = new List<CatalogItem>(byItem.Count);
        foreach (var id in ids)
        {
            if (!byItem.TryGetValue(id, out var records))
            {
                continue;
            }

            if (CatalogRecords.ToItem(records, _options.Dimensions) is { } item)
            {
                items.Add(item);
            }
            else
            {
                VectorDataCatalogLog.PartialItemSkipped(_logger, id, records.Count, _collection.Name);
            }
        }

        return items;
    }

    /// <summary>Calls <paramref name="visit"/> with the first record of every item, page by page; none when the collection is missing and <paramref name="create"/> is false.</summary>
    private async Task ForEachItemAsync(Action<Dictionary<string, object?>> visit, bool create, CancellationToken cancellationToken)
    {
        if (!await EnsureCollectionAsync(create, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        for (var skip = 0; ; skip += _options.PageSize)
        {
            var options = new FilteredRecordRetrievalOptions<Dictionary<string, object?>>
            {
                Skip = skip,
                OrderBy = order => order.Ascending(r => r[CatalogRecords.ItemId]),
            };
            var read = 0;
            await foreach (var record in _collection.GetAsync(CatalogFilters.FirstRecords, _options.PageSize, options, cancellationToken).ConfigureAwait(false))
            {
                visit(record);
                read++;
            }

            if (read < _options.PageSize)
            {
                return;
            }
        }
    }

    private static List<CatalogHit> Rank(List<CatalogItem> items, CatalogQuery query)
    {
        var hits = items.ConvertAll(item => CatalogScoring.Hit(item, CatalogScoring.Score(query, item.Embedding.Vectors.Span, item.Embedding.Dimensions)));
        hits.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Id, b.Id);
        });
        return hits.Count > query.Top ? hits[..query.Top] : hits;
    }

    /// <summary>Gets the catalog's query count (0 while it holds no items or does not exist), creating the collection on first use when <paramref name="create"/>.</summary>
    private async Task<int> QueryCountAsync(bool create, CancellationToken cancellationToken)
    {
        if (!await EnsureCollectionAsync(create, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var known = Volatile.Read(ref _queryCount);
        if (known != 0)
        {
            return known;
        }

        await foreach (var record in _collection.GetAsync(CatalogFilters.FirstRecords, 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var count = CatalogRecords.Read<int>(record, CatalogRecords.QueryCount);
            Interlocked.CompareExchange(ref _queryCount, count, 0);
            return count;
        }

        return 0;
    }

    /// <summary>
    /// Creates the collection on first write (idempotent, so another process may have created it already); a read
    /// (<paramref name="create"/> false) never creates it and finds a missing collection empty.
    /// </summary>
    /// <returns>Whether the collection exists.</returns>
    private async Task<bool> EnsureCollectionAsync(bool create, CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    if (!create && !await _collection.CollectionExistsAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    await _collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        return true;
    }

    private void ValidateForCollection(IReadOnlyList<CatalogItem> items)
    {
        // The batch is consistent (validated); its first item stands for all.
        if (items[0].Embedding.Dimensions != _options.Dimensions)
        {
            throw new ArgumentException(
                $"Item '{items[0].Id}' has {items[0].Embedding.Dimensions} dimensions; the catalog's collection is declared with {_options.Dimensions} (VectorDataCatalogOptions.Dimensions).",
                nameof(items));
        }

        foreach (var item in items)
        {
            if (!IsWellFormed(item.Id))
            {
                throw new ArgumentException($"Item id '{item.Id}' contains an unpaired surrogate, which is not valid Unicode.", nameof(items));
            }
        }
    }

    /// <summary>Gets whether <paramref name="text"/> is valid UTF-16 (record keys hash its UTF-8, which would merge ids that differ in lone surrogates).</summary>
    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken, OperationMeasurement? measurement = null)
    {
        try
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (measurement?.Fail(ex) == true)
        {
            throw; // not reached: the filter only records the failure
        }
        catch (VectorStoreException ex)
        {
            VectorDataCatalogLog.OperationFailed(_logger, ex, operation, _collection.Name);
            throw new CatalogStoreException(operation, $"the vector store failed on collection '{_collection.Name}': {ex.Message}", ex)
            {
                // Connectors wrap their driver's exception; ADO.NET drivers say whether it is transient.
                IsTransient = ex.InnerException is System.Data.Common.DbException { IsTransient: true } or TimeoutException,
            };
        }
        catch (InvalidDataException ex)
        {
            throw new CatalogStoreException(operation, $"collection '{_collection.Name}' holds records that are not the catalog's: {ex.Message}", ex);
        }
    }
}
