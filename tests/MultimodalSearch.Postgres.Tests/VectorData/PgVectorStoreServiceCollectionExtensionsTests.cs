using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;
using Npgsql;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary><c>AddPgVectorStore</c> and <c>AddPgVectorCollection</c> (and keyed): registrations that work against the real server.</summary>
[RequiresPostgres]
public sealed class PgVectorStoreServiceCollectionExtensionsTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task A_store_over_the_containers_data_source_works_and_leaves_the_data_source_open()
    {
        var services = new ServiceCollection().AddSingleton(fixture.DataSource);
        services.AddPgVectorStore(Options());
        var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<VectorStore>();
        await RoundTripAsync(store.GetCollection<int, ProductRecord>(fixture.NewName("di")));
        await provider.DisposeAsync();

        Assert.Same(fixture.DataSource, store.GetService(typeof(NpgsqlDataSource)));
        await using var stillOpen = await fixture.DataSource.OpenConnectionAsync();
    }

    [Fact]
    public async Task A_keyed_store_uses_the_data_source_with_its_key()
    {
        await using var keyed = NpgsqlDataSource.Create(fixture.Database.ConnectionString);
        var services = new ServiceCollection().AddSingleton(fixture.DataSource).AddKeyedSingleton("catalog", keyed);
        services.AddKeyedPgVectorStore("catalog", Options());
        services.AddKeyedPgVectorStore("other", Options());
        await using var provider = services.BuildServiceProvider();

        Assert.Same(keyed, provider.GetRequiredKeyedService<VectorStore>("catalog").GetService(typeof(NpgsqlDataSource)));
        Assert.Same(fixture.DataSource, provider.GetRequiredKeyedService<PgVectorStore>("other").GetService(typeof(NpgsqlDataSource)));
        Assert.Null(provider.GetService<VectorStore>());
    }

    [Fact]
    public async Task A_store_from_a_connection_string_owns_its_data_source()
    {
        var services = new ServiceCollection();
        services.AddPgVectorStore(fixture.Database.ConnectionString, Options());
        var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<PgVectorStore>();
        await RoundTripAsync(store.GetCollection<int, ProductRecord>(fixture.NewName("di")));
        var dataSource = (NpgsqlDataSource)store.GetService(typeof(NpgsqlDataSource))!;
        await provider.DisposeAsync();

        Assert.NotSame(fixture.DataSource, dataSource);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
    }

    [Fact]
    public async Task A_collection_over_the_containers_data_source_is_each_of_its_abstractions()
    {
        var name = fixture.NewName("di");
        var services = new ServiceCollection().AddSingleton(fixture.DataSource);
        services.AddPgVectorCollection<int, ProductRecord>(name, Options());
        await using var provider = services.BuildServiceProvider();

        var collection = provider.GetRequiredService<PgVectorCollection<int, ProductRecord>>();
        await RoundTripAsync(collection);

        Assert.Equal(name, collection.Name);
        Assert.Same(collection, provider.GetRequiredService<VectorStoreCollection<int, ProductRecord>>());
        Assert.Same(collection, provider.GetRequiredService<IVectorSearchable<ProductRecord>>());
        Assert.Same(collection, provider.GetRequiredService<IKeywordHybridSearchable<ProductRecord>>());
    }

    [Fact]
    public async Task A_keyed_collection_reads_its_connection_string_from_ConnectionStrings_and_disposes_its_data_source()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:catalog"] = fixture.Database.ConnectionString }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKeyedPgVectorCollection<int, ProductRecord>(
            "catalog",
            fixture.NewName("di"),
            sp => sp.GetRequiredService<IConfiguration>().GetConnectionString("catalog")!,
            _ => Options(),
            ServiceLifetime.Scoped);
        var provider = services.BuildServiceProvider();

        NpgsqlDataSource dataSource;
        using (var scope = provider.CreateScope())
        {
            var collection = scope.ServiceProvider.GetRequiredKeyedService<VectorStoreCollection<int, ProductRecord>>("catalog");
            await RoundTripAsync(collection);
            dataSource = (NpgsqlDataSource)collection.GetService(typeof(NpgsqlDataSource))!;
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await dataSource.OpenConnectionAsync());
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task The_containers_embedding_generator_embeds_when_the_options_name_none()
    {
        var services = new ServiceCollection().AddSingleton(fixture.DataSource)
            .AddSingleton<IEmbeddingGenerator>(new EmbeddingGenerationTests.LetterCountGenerator());
        services.AddPgVectorCollection<int, EmbeddingGenerationTests.TextVectorRecord>(fixture.NewName("di"), Options());
        await using var provider = services.BuildServiceProvider();
        var collection = provider.GetRequiredService<VectorStoreCollection<int, EmbeddingGenerationTests.TextVectorRecord>>();
        await collection.EnsureCollectionExistsAsync();

        await collection.UpsertAsync([new() { Key = 1, Body = "aaa" }, new() { Key = 2, Body = "bbb" }]);

        Assert.Equal(2, (await collection.SearchAsync("b", top: 1).SingleAsync()).Record.Key);
    }

    [Fact]
    public void Arguments_are_checked_when_registering()
    {
        var services = new ServiceCollection();

        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddPgVectorStore()).ParamName);
        Assert.Equal("connectionString", Assert.Throws<ArgumentException>(() => services.AddPgVectorStore(connectionString: " ")).ParamName);
        Assert.Equal("connectionStringProvider", Assert.Throws<ArgumentNullException>(() => services.AddKeyedPgVectorStore("k", connectionStringProvider: null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => services.AddPgVectorCollection<int, ProductRecord>(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => services.AddKeyedPgVectorCollection<int, ProductRecord>("k", "", "Host=x")).ParamName);
        Assert.Empty(services);
    }

    private PgVectorStoreOptions Options() => new() { Schema = fixture.Database.Schema };

    private static async Task RoundTripAsync(VectorStoreCollection<int, ProductRecord> collection)
    {
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(new ProductRecord { Key = 1, Description = "linen shirt", Vector = new[] { 1f, 0 } });
        Assert.Equal("linen shirt", (await collection.GetAsync(1))!.Description);
    }
}
