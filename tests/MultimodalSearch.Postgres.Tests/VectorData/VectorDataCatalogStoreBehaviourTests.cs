using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// The shared store behaviour suite against <see cref="MultimodalSearch.VectorData.VectorDataCatalogStore"/> over
/// <see cref="PgVectorCollection{TKey, TRecord}"/> on a real server, with the default options (HNSW, dot product).
/// No deliberate differences: the same inputs give the same hits and scores as the native stores.
/// </summary>
[RequiresPostgres]
public sealed class VectorDataCatalogStoreBehaviourTests(VectorDataCatalogFixture fixture) : CatalogStoreBehaviourTests, IClassFixture<VectorDataCatalogFixture>
{
    protected override Task<ICatalogStore> CreateEmptyStoreAsync() => Task.FromResult<ICatalogStore>(fixture.CreateCatalog());
}
