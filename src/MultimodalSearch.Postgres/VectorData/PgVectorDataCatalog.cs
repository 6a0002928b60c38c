using Microsoft.Extensions.Logging;
using MultimodalSearch.VectorData;

namespace MultimodalSearch.Postgres;

/// <summary>The catalog as a Microsoft.Extensions.VectorData collection on PostgreSQL: <see cref="VectorDataCatalogStore"/> over <see cref="PgVectorCollection{TKey, TRecord}"/>.</summary>
public static class PgVectorDataCatalog
{
    /// <summary>
    /// Creates the catalog in the collection <see cref="VectorDataCatalogOptions.CollectionName"/> of a
    /// <see cref="PgVectorStore"/> with its own data source; disposing the catalog disposes both.
    /// </summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="catalog">The catalog's options, or null for the defaults (collection <c>catalog</c>, 256 dimensions, HNSW, dot product).</param>
    /// <param name="store">The store's options, or null for the defaults (schema <c>public</c>).</param>
    /// <param name="loggerFactory">Where to log, or null.</param>
    /// <returns>The catalog. Nothing is sent to the server until the first call, which creates the table.</returns>
    /// <exception cref="ArgumentException">The connection string or an option is invalid.</exception>
    public static VectorDataCatalogStore Create(string connectionString, VectorDataCatalogOptions? catalog = null, PgVectorStoreOptions? store = null, ILoggerFactory? loggerFactory = null)
    {
        var vectorStore = PgVectorStore.Create(connectionString, store, loggerFactory);
        try
        {
            return VectorDataCatalogStore.Create(vectorStore, catalog, loggerFactory?.CreateLogger<VectorDataCatalogStore>(), ownsVectorStore: true);
        }
        catch
        {
            vectorStore.Dispose();
            throw;
        }
    }
}
