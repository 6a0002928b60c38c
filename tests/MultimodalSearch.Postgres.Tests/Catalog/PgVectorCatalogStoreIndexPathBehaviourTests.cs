using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The shared behaviour suite again, with every search forced through the HNSW index
/// (<see cref="PgVectorCatalogOptions.ExactSearchThreshold"/> = 0) instead of the exact scan that catalogs this
/// small get by default: the index path must give the same results.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorCatalogStoreIndexPathBehaviourTests(PostgresSchemaFixture database) : CatalogStoreBehaviourTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<ICatalogStore> CreateEmptyStoreAsync() =>
        Task.FromResult<ICatalogStore>(database.CreateStore(options => options.ExactSearchThreshold = 0));
}
