using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;

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

    [Fact]
    public async Task Reads_of_a_missing_collection_find_it_empty_and_create_nothing_and_the_first_write_creates_it()
    {
        var name = "";
        var store = fixture.CreateCatalog(options => name = options.CollectionName);

        Assert.Equal(0, await store.CountAsync());
        Assert.Null(await store.GetAsync("a"));
        Assert.Empty(await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Top = 5 }));
        Assert.Empty(await store.GetCategoriesAsync());
        Assert.Empty((await store.GetFacetsAsync()).Categories);
        Assert.False(await fixture.Store.CollectionExistsAsync(name));

        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 1)]);
        Assert.True(await fixture.Store.CollectionExistsAsync(name));
        Assert.Equal(1, await store.CountAsync());
    }
}
