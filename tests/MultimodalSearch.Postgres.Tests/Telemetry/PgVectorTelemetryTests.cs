using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.Tests.VectorData;
using MultimodalSearch.Testing.Catalog;
using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Postgres.Tests.Telemetry;

/// <summary>
/// The package's log event ids, and the search latency both stores on PostgreSQL record: the pgvector catalog store
/// under this package's meter (store kind <c>postgres</c>), the VectorData catalog over it under the core's (<c>vectordata</c>).
/// </summary>
[RequiresPostgres]
public sealed class PgVectorTelemetryTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    private const string SearchDuration = "multimodal_search.store.search.duration";

    [Fact]
    public void Every_log_event_has_a_unique_id_in_the_packages_range()
    {
        Assert.Empty(LogEventIds.Problems(typeof(PgVectorTelemetry).Assembly, new Dictionary<string, (int, int)> { ["PgVectorLog"] = (1800, 1899) }));
    }

    [Fact]
    public async Task A_catalog_search_records_its_duration_with_store_kind_postgres()
    {
        using var metrics = new MetricRecorder(PgVectorTelemetry.MeterName);
        var store = fixture.Database.CreateStore();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 1), CatalogItems.Create("b", "pants", 2)]);

        var hits = await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(3), Top = 2 });

        Assert.Equal(2, hits.Count);
        // Other test classes search in parallel: any successful search of this store kind will do.
        var durations = metrics.Of(SearchDuration, "multimodal_search.store.kind=postgres", "!error.type");
        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.Equal(("s", "Histogram`1"), (d.Unit, d.Kind)));
    }

    [Fact]
    public async Task A_vectordata_catalog_search_records_its_duration_with_store_kind_vectordata()
    {
        using var metrics = new MetricRecorder(MultimodalSearchTelemetry.MeterName);
        var catalog = fixture.CreateCatalog(o => o.Dimensions = SyntheticEmbeddings.Dimensions);
        await catalog.UpsertAsync([CatalogItems.Create("a", "shoes", 1), CatalogItems.Create("b", "pants", 2)]);

        var hits = await catalog.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(3), Top = 2 });

        Assert.Equal(2, hits.Count);
        Assert.NotEmpty(metrics.Of(SearchDuration, "multimodal_search.store.kind=vectordata", "!error.type"));
    }
}
