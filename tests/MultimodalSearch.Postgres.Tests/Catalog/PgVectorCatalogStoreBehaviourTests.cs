using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The shared store behaviour suite against the pgvector store on a real server. No deliberate
/// differences: vectors are stored as float32 (<c>vector</c>), and scores are re-computed exactly.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorCatalogStoreBehaviourTests(PostgresSchemaFixture database) : CatalogStoreBehaviourTests, IClassFixture<PostgresSchemaFixture>
{
    protected override Task<ICatalogStore> CreateEmptyStoreAsync() => Task.FromResult<ICatalogStore>(database.CreateStore());
}
