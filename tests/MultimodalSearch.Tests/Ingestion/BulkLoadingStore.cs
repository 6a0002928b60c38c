namespace MultimodalSearch.Tests.Ingestion;

/// <summary>
/// A real store seen through the bulk-load capability: records what the ingestor announces and ends, counts
/// the writes inside and outside a load, and can fail or act on a chosen write.
/// </summary>
internal sealed class BulkLoadingStore(ICatalogStore inner) : ICatalogStore, ICatalogBulkLoader
{
    private int _upserts;
    private int _open;

    public List<int> Announced { get; } = [];

    public int Ended { get; private set; }

    public int UpsertsInsideLoad { get; private set; }

    public int UpsertsOutsideLoad { get; private set; }

    /// <summary>Gets or sets the 1-based write that throws <see cref="Failure"/> (0: none).</summary>
    public int FailOnUpsert { get; set; }

    /// <summary>Gets or sets what the failing write throws (default a <see cref="CatalogStoreException"/>).</summary>
    public Func<Exception> Failure { get; set; } = () => new CatalogStoreException("Upsert", "planted failure");

    /// <summary>Gets or sets what runs before every write.</summary>
    public Action? OnUpsert { get; set; }

    public Task<CatalogBulkLoad> BeginBulkLoadAsync(int expectedItems, CancellationToken cancellationToken = default)
    {
        lock (Announced)
        {
            Announced.Add(expectedItems);
            _open++;
        }

        return Task.FromResult<CatalogBulkLoad>(new Load(this));
    }

    public async Task UpsertAsync(IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken = default)
    {
        OnUpsert?.Invoke();
        if (Interlocked.Increment(ref _upserts) == FailOnUpsert)
        {
            throw Failure();
        }

        await inner.UpsertAsync(items, cancellationToken);
        lock (Announced)
        {
            if (_open > 0)
            {
                UpsertsInsideLoad++;
            }
            else
            {
                UpsertsOutsideLoad++;
            }
        }
    }

    public Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) => inner.DeleteAsync(ids, cancellationToken);

    public Task<CatalogItem?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<IReadOnlyList<string>> GetCategoriesAsync(CancellationToken cancellationToken = default) => inner.GetCategoriesAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, string?>> GetContentHashesAsync(CancellationToken cancellationToken = default) => inner.GetContentHashesAsync(cancellationToken);

    public Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

    private sealed class Load(BulkLoadingStore store) : CatalogBulkLoad
    {
        public override bool Deferred => true;

        public override Task EndAsync(CancellationToken cancellationToken = default)
        {
            lock (store.Announced)
            {
                store.Ended++;
                store._open--;
            }

            return Task.CompletedTask;
        }
    }
}
