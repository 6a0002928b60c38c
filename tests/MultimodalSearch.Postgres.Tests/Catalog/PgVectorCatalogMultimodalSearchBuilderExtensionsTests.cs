using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>Registration through <c>AddPgVectorCatalog()</c>: options from configuration, validation at startup, the store replacing the default.</summary>
[RequiresPostgres]
public sealed class PgVectorCatalogMultimodalSearchBuilderExtensionsTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    [Fact]
    public async Task Options_come_from_the_Postgres_section_and_the_store_serves_ICatalogStore()
    {
        await using var services = Build(new Dictionary<string, string?>
        {
            ["MultimodalSearch:Postgres:ConnectionString"] = database.ConnectionString,
            ["MultimodalSearch:Postgres:Schema"] = database.Schema,
            ["MultimodalSearch:Postgres:Collection"] = "from_config",
            ["MultimodalSearch:Postgres:EfSearch"] = "64",
            ["MultimodalSearch:Postgres:BulkLoadMinimumItems"] = "250",
        });

        var store = services.GetRequiredService<ICatalogStore>();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 1)]);

        var pg = Assert.IsType<PgVectorCatalogStore>(store);
        Assert.Same(pg, services.GetRequiredService<PgVectorCatalogStore>());
        Assert.Equal("from_config", pg.Collection);
        Assert.Equal(64, services.GetRequiredService<IOptions<PgVectorCatalogOptions>>().Value.EfSearch);
        Assert.Equal(250, services.GetRequiredService<IOptions<PgVectorCatalogOptions>>().Value.BulkLoadMinimumItems);
        Assert.IsAssignableFrom<ICatalogBulkLoader>(store);
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM \"{database.Schema}\".from_config_items"));
    }

    [Fact]
    public async Task The_configure_delegate_overrides_configuration()
    {
        await using var services = Build(
            new Dictionary<string, string?> { ["MultimodalSearch:Postgres:ConnectionString"] = database.ConnectionString, ["MultimodalSearch:Postgres:Collection"] = "ignored" },
            options =>
            {
                options.Schema = database.Schema;
                options.Collection = "from_code";
            });

        Assert.Equal(0, await services.GetRequiredService<ICatalogStore>().CountAsync());
        Assert.Equal("from_code", services.GetRequiredService<PgVectorCatalogStore>().Collection);
    }

    [Fact]
    public async Task A_missing_connection_string_fails_at_resolution_with_a_message_that_says_where_to_set_it()
    {
        await using var services = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ICatalogStore>());

        Assert.Contains("MultimodalSearch:Postgres:ConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<PgVectorCatalogOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(configuration).AddPgVectorCatalog(configure);
        return services.BuildServiceProvider();
    }
}
