using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

public sealed class EmbeddedCatalogMultimodalSearchBuilderExtensionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddEmbeddedCatalog_binds_its_options_from_the_Embedded_section()
    {
        var configuration = Configuration(new()
        {
            ["MultimodalSearch:Embedded:Directory"] = _directory.Combine("configured"),
            ["MultimodalSearch:Embedded:VectorPrecision"] = "Float16",
        });
        await using var provider = new ServiceCollection().AddMultimodalFashionSearch(configuration).AddEmbeddedCatalog().Services.BuildServiceProvider();

        var store = Assert.IsType<EmbeddedCatalogStore>(provider.GetRequiredService<ICatalogStore>());
        var item = CatalogItems.Create("a", "shoes", 1, dimensions: 64, queryCount: 4);
        await store.UpsertAsync([item]);
        var stored = await store.GetAsync("a");

        Assert.Equal(_directory.Combine("configured"), store.Directory);
        Assert.Same(store, provider.GetRequiredService<EmbeddedCatalogStore>());

        // Float16 from configuration: values come back rounded, by at most 2^-11 relative.
        var written = item.Embedding.Vectors.ToArray();
        var read = stored!.Embedding.Vectors.ToArray();
        Assert.All(written.Zip(read), pair => Assert.Equal(pair.First, pair.Second, 1e-3f));
        Assert.Contains(written.Zip(read), pair => pair.First != pair.Second);
    }

    [Fact]
    public async Task AddEmbeddedCatalog_applies_code_options_after_configuration()
    {
        var configuration = Configuration(new() { ["MultimodalSearch:Embedded:Directory"] = _directory.Combine("from-config") });
        await using var provider = new ServiceCollection()
            .AddMultimodalFashionSearch(configuration)
            .AddEmbeddedCatalog(options => options.Directory = _directory.Combine("from-code"))
            .Services.BuildServiceProvider();

        var store = Assert.IsType<EmbeddedCatalogStore>(provider.GetRequiredService<ICatalogStore>());

        Assert.Equal(_directory.Combine("from-code"), store.Directory);
    }

    [Fact]
    public async Task The_last_store_added_wins()
    {
        await using var earlier = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Combine("earlier") });
        await using var later = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Combine("later") });
        var services = new ServiceCollection();
        services.AddSingleton<ICatalogStore>(earlier);
        var builder = services.AddMultimodalFashionSearch(Configuration([]))
            .AddEmbeddedCatalog(options => options.Directory = _directory.Combine("added"));
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Equal(_directory.Combine("added"), Assert.IsType<EmbeddedCatalogStore>(provider.GetRequiredService<ICatalogStore>()).Directory);
        }

        builder.Services.AddSingleton<ICatalogStore>(later);
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(later, provider.GetRequiredService<ICatalogStore>());
        }
    }

    [Fact]
    public async Task A_missing_directory_fails_options_validation_with_the_setting_name()
    {
        await using var provider = new ServiceCollection().AddMultimodalFashionSearch(Configuration([])).AddEmbeddedCatalog().Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICatalogStore>());

        Assert.Contains("MultimodalSearch:Embedded:Directory", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
