using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>The shopper checks every store passes (distinct products, vocabulary, composed requests, misses), on the embedded store.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class EmbeddedShopperChecksTests(DemoCatalogFixture demo)
{
    [Fact]
    public Task The_embedded_store_serves_a_shopper() => DemoShopperChecks.RunAsync(demo.Embedder, demo.Store);
}
