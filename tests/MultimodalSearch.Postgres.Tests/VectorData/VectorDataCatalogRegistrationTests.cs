using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;
using MultimodalSearch.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary><c>AddVectorDataCatalog()</c>: the catalog over the registered <see cref="VectorStore"/>, options from configuration.</summary>
[RequiresPostgres]
public sealed class VectorDataCatalogRegistrationTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task The_catalog_store_is_a_VectorData_catalog_over_the_registered_store_with_options_from_configuration()
    {
        var name = fixture.NewName("registered");
        using var provider = Build(new() { ["MultimodalSearch:VectorData:CollectionName"] = name, ["MultimodalSearch:VectorData:Dimensions"] = "64" }, register: true);

        var store = provider.GetRequiredService<ICatalogStore>();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", seed: 1, dimensions: 64)]);

        Assert.IsType<VectorDataCatalogStore>(store);
        Assert.Same(store, provider.GetRequiredService<VectorDataCatalogStore>());
        Assert.Equal(name, ((VectorDataCatalogStore)store).Collection.Name);
        Assert.True(await fixture.Store.CollectionExistsAsync(name));
        Assert.Equal(["a"], (await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(2, dimensions: 64) })).Select(h => h.Id));
    }

    [Fact]
    public void Code_configuration_runs_after_the_configuration_section()
    {
        using var provider = Build(new() { ["MultimodalSearch:VectorData:CollectionName"] = "from_configuration" }, register: true, configure: o => o.CollectionName = "from_code");

        Assert.Equal("from_code", provider.GetRequiredService<VectorDataCatalogStore>().Collection.Name);
    }

    [Fact]
    public void Invalid_options_fail_validation_with_messages_that_name_the_settings()
    {
        using var provider = Build(new() { ["MultimodalSearch:VectorData:Dimensions"] = "0", ["MultimodalSearch:VectorData:DistanceFunction"] = "HammingDistance" }, register: true);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICatalogStore>());

        Assert.Contains("MultimodalSearch:VectorData:Dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:VectorData:DistanceFunction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_registered_VectorStore_resolving_the_catalog_throws_InvalidOperationException()
    {
        using var provider = Build([], register: false);

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICatalogStore>());
    }

    private ServiceProvider Build(Dictionary<string, string?> settings, bool register, Action<VectorDataCatalogOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (register)
        {
            services.AddSingleton<VectorStore>(fixture.Store);
        }

        services.AddMultimodalFashionSearch(configuration).AddVectorDataCatalog(configure);
        return services.BuildServiceProvider();
    }
}
