namespace MultimodalSearch;

/// <summary>
/// An optional capability of an <see cref="ICatalogStore"/>: writing many items at once faster when told
/// in advance, typically by deferring index maintenance until the load ends (what pgvector recommends:
/// build the index after loading the data). <see cref="Ingestion.CatalogIngestor"/> uses it when the store
/// implements it.
/// </summary>
/// <remarks>
/// Searches stay correct during a bulk load (they may be slower). A load that is never ended, because the
/// process died, leaves the store usable: the store restores its indexes the next time it is opened.
/// </remarks>
public interface ICatalogBulkLoader
{
    /// <summary>Announces that about <paramref name="expectedItems"/> new items are about to be written.</summary>
    /// <param name="expectedItems">How many new items the caller expects to write.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>
    /// The load, to be ended with <see cref="CatalogBulkLoad.EndAsync(CancellationToken)"/> once the items
    /// are written; the store decides whether the load is worth changing anything for.
    /// </returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<CatalogBulkLoad> BeginBulkLoadAsync(int expectedItems, CancellationToken cancellationToken = default);
}
