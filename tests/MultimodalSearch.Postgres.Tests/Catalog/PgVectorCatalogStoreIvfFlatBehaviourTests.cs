using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The shared behaviour suite again, with every search forced through an IVFFlat centroid index
/// (<see cref="PgVectorCentroidIndex.IvfFlat"/>, <see cref="PgVectorCatalogOptions.ExactSearchThreshold"/> = 0): the
/// index kind must not change what a store does.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorCatalogStoreIvfFlatBehaviourTests(PostgresSchemaFixture database) : CatalogStoreBehaviourTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<ICatalogStore> CreateEmptyStoreAsync() =>
        Task.FromResult<ICatalogStore>(database.CreateStore(options =>
        {
            options.ExactSearchThreshold = 0;
            options.CentroidIndex = PgVectorCentroidIndex.IvfFlat;
        }));
}
