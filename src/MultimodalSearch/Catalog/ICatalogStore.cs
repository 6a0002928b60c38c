namespace MultimodalSearch;

/// <summary>
/// A catalog of products with their image embeddings, searchable by text and image embeddings,
/// scored the BLIP-2 way (see <see cref="CatalogQuery"/>).
/// </summary>
/// <remarks>Implementations are thread-safe: searches may run while items are written.</remarks>
public interface ICatalogStore
{
    /// <summary>Adds the items, replacing any with the same id. The batch is applied atomically where the store allows.</summary>
    /// <param name="items">The items; ids must be unique within the batch.</param>
    /// <param name="cancellationToken">Cancels the work; a cancelled batch is not applied.</param>
    /// <returns>A task that completes when the batch is durable.</returns>
    /// <exception cref="ArgumentException">An item has an empty id or category, or embeddings of another shape than the catalog's.</exception>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task UpsertAsync(IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken = default);

    /// <summary>Deletes the items with these ids; unknown ids are ignored.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of items deleted.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<int> DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Gets one item with its embedding.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The item, or null when there is none with that id.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<CatalogItem?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Counts the items.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of items.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the distinct categories of the items, sorted ordinally.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The categories.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<IReadOnlyList<string>> GetCategoriesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the catalog's categories and the values of its descriptive metadata attributes (colour, pattern, ...),
    /// the vocabulary a shopper's message is read against.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The facets. The default implementation returns <see cref="GetCategoriesAsync(CancellationToken)"/> and no attributes.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    async Task<CatalogFacets> GetFacetsAsync(CancellationToken cancellationToken = default) =>
        new() { Categories = await GetCategoriesAsync(cancellationToken).ConfigureAwait(false) };

    /// <summary>Gets the content hash of every item, by id, so that ingestion can skip unchanged images and prune vanished ones.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The content hash (null where none was stored) of each item, by id.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<IReadOnlyDictionary<string, string?>> GetContentHashesAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds the best-scoring items.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>At most <see cref="CatalogQuery.Top"/> hits, best first (ties by id); fewer only when fewer items match the filter.</returns>
    /// <exception cref="ArgumentException">The query is invalid or its embeddings have another dimension than the catalog's.</exception>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query, CancellationToken cancellationToken = default);
}
