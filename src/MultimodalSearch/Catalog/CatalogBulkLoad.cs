namespace MultimodalSearch;

/// <summary>A bulk load begun with <see cref="ICatalogBulkLoader.BeginBulkLoadAsync(int, CancellationToken)"/>.</summary>
public abstract class CatalogBulkLoad
{
    /// <summary>A load that changes nothing, for stores (or loads too small) that gain nothing from one.</summary>
    public static CatalogBulkLoad None { get; } = new NoBulkLoad();

    /// <summary>Gets a value indicating whether the store changed how it writes for this load (for logs and tests).</summary>
    public abstract bool Deferred { get; }

    /// <summary>Ends the load: the store restores what it deferred (for pgvector, builds the HNSW index). Calling it again does nothing.</summary>
    /// <param name="cancellationToken">Cancels the work; the store then restores it the next time it is opened.</param>
    /// <returns>A task that completes when the store is back to normal.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    public abstract Task EndAsync(CancellationToken cancellationToken = default);

    private sealed class NoBulkLoad : CatalogBulkLoad
    {
        public override bool Deferred => false;

        public override Task EndAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
