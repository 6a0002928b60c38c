using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Creating, finding, listing and deleting collections (MEVD's collection management conformance, ported).</summary>
[RequiresPostgres]
public sealed class CollectionManagementTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task EnsureCollectionExists_creates_the_collection_once_and_is_idempotent()
    {
        var collection = fixture.Store.GetCollection<int, FilterRecord>(fixture.NewName());
        Assert.False(await collection.CollectionExistsAsync());

        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(FilterRecord.Seed[0]);
        await collection.EnsureCollectionExistsAsync();

        Assert.True(await collection.CollectionExistsAsync());
        Assert.True(await fixture.Store.CollectionExistsAsync(collection.Name));
        Assert.NotNull(await collection.GetAsync(1));
    }

    [Fact]
    public async Task Concurrent_EnsureCollectionExists_calls_all_succeed()
    {
        var name = fixture.NewName();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.Store.GetCollection<int, FilterRecord>(name).EnsureCollectionExistsAsync()));

        Assert.True(await fixture.Store.CollectionExistsAsync(name));
    }

    [Fact]
    public async Task ListCollectionNames_lists_the_collections_of_the_schema_sorted()
    {
        var names = new[] { fixture.NewName("list_b"), fixture.NewName("list_a") };
        foreach (var name in names)
        {
            await fixture.Store.GetCollection<int, FilterRecord>(name).EnsureCollectionExistsAsync();
        }

        var listed = await fixture.Store.ListCollectionNamesAsync().ToListAsync();

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Superset(names.ToHashSet(), listed.ToHashSet());
    }

    [Fact]
    public async Task EnsureCollectionDeleted_drops_the_collection_and_is_idempotent()
    {
        var collection = await fixture.CreateCollectionAsync<int, FilterRecord>();
        await collection.UpsertAsync(FilterRecord.Seed);

        await collection.EnsureCollectionDeletedAsync();
        await collection.EnsureCollectionDeletedAsync();

        Assert.False(await collection.CollectionExistsAsync());
        Assert.DoesNotContain(collection.Name, await fixture.Store.ListCollectionNamesAsync().ToListAsync());
    }

    [Fact]
    public async Task Store_EnsureCollectionDeleted_drops_a_collection_by_name()
    {
        var collection = await fixture.CreateCollectionAsync<int, FilterRecord>();

        await fixture.Store.EnsureCollectionDeletedAsync(collection.Name);

        Assert.False(await fixture.Store.CollectionExistsAsync(collection.Name));
    }

    [Fact]
    public async Task Mixed_case_names_are_distinct_collections_that_keep_their_case()
    {
        var suffix = fixture.NewName("_");
        var upper = fixture.Store.GetCollection<int, ProductRecord>("Products" + suffix);
        var lower = fixture.Store.GetCollection<int, ProductRecord>("products" + suffix);
        await upper.EnsureCollectionExistsAsync();
        await lower.EnsureCollectionExistsAsync();

        await upper.UpsertAsync(new ProductRecord { Key = 1, Description = "upper", Vector = new[] { 1f, 0 } });
        var names = await fixture.Store.ListCollectionNamesAsync().ToListAsync();
        var hits = await upper.SearchAsync(new[] { 1f, 0 }, top: 1).ToListAsync();

        Assert.Contains("Products" + suffix, names);
        Assert.Contains("products" + suffix, names);
        Assert.True(await fixture.Store.CollectionExistsAsync("Products" + suffix));
        Assert.Equal("upper", Assert.Single(hits).Record.Description);
        Assert.Null(await lower.GetAsync(1));
        await fixture.Store.EnsureCollectionDeletedAsync("Products" + suffix);
        Assert.False(await upper.CollectionExistsAsync());
        Assert.True(await lower.CollectionExistsAsync());
    }

    [Theory]
    [InlineData("x; DROP TABLE y")]
    [InlineData("with-hyphen")]
    [InlineData("PG_Catalog")]
    [InlineData("\"quoted\"")]
    [InlineData("pg_catalog")]
    [InlineData("")]
    public void Invalid_collection_names_are_refused_with_ArgumentException(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => fixture.Store.GetCollection<int, FilterRecord>(name));
        Assert.ThrowsAny<ArgumentException>(() => fixture.Store.CollectionExistsAsync(name).GetAwaiter().GetResult());
    }

    [Fact]
    public void Collections_and_the_store_expose_their_metadata_and_data_source()
    {
        var collection = fixture.Store.GetCollection<int, FilterRecord>(fixture.NewName());

        var metadata = (Microsoft.Extensions.VectorData.VectorStoreCollectionMetadata?)collection.GetService(typeof(Microsoft.Extensions.VectorData.VectorStoreCollectionMetadata));

        Assert.NotNull(metadata);
        Assert.Equal("postgresql", metadata.VectorStoreSystemName);
        Assert.Equal(collection.Name, metadata.CollectionName);
        Assert.Same(fixture.DataSource, collection.GetService(typeof(Npgsql.NpgsqlDataSource)));
        Assert.Same(fixture.Store, fixture.Store.GetService(typeof(PgVectorStore)));
        Assert.Null(collection.GetService(typeof(string)));
    }
}
