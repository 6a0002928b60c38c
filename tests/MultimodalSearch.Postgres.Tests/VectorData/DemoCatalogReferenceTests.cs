using System.Text.Json;
using MultimodalSearch.Blip2;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;
using MultimodalSearch.Testing;
using MultimodalSearch.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// The demo catalog (360 products) embedded by the demo BLIP-2 model and ingested into the VectorData catalog
/// over <see cref="PgVectorCollection{TKey, TRecord}"/> of a <see cref="PgVectorStore"/> with its own data source, as
/// the CLI's <c>--store vectordata-postgres:...</c> builds it; the 12 reference queries must return the reference top-10.
/// </summary>
[RequiresPostgres]
public sealed class DemoCatalogReferenceTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    // The reference scores come from PyTorch; ours from ONNX Runtime on the same weights.
    private const float ScoreTolerance = 2e-3f;

    [Fact]
    public async Task The_12_reference_queries_return_the_reference_top_10_and_a_second_ingest_skips_every_item()
    {
        var queries = DemoReference.Instance.Queries;
        var expectedIds = DemoReference.Instance.Top10Ids;
        var expectedScores = DemoReference.Instance.Top10Scores;
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        await using var catalog = VectorDataCatalogStore.Create(
            PgVectorStore.Create(fixture.Database.ConnectionString, new PgVectorStoreOptions { Schema = fixture.Database.Schema }),
            new VectorDataCatalogOptions { CollectionName = fixture.NewName("demo"), Dimensions = embedder.Model.Dimensions },
            ownsVectorStore: true);

        var first = await new CatalogIngestor(embedder, catalog).IngestAsync(CatalogSource.Open(TestPaths.DemoCatalog));
        var second = await new CatalogIngestor(embedder, catalog).IngestAsync(CatalogSource.Open(TestPaths.DemoCatalog));
        var texts = await embedder.EmbedTextsAsync(queries);

        Assert.Equal(360, await catalog.CountAsync());
        Assert.Empty(first.Failed);
        Assert.Equal(360, second.Skipped);
        for (var q = 0; q < queries.Count; q++)
        {
            var hits = await catalog.SearchAsync(new CatalogQuery { Text = texts[q], Top = 10 });
            Assert.True(expectedIds[q].SequenceEqual(hits.Select(h => h.Id)), $"Query '{queries[q]}': expected [{string.Join(", ", expectedIds[q])}], got [{string.Join(", ", hits.Select(h => h.Id))}].");
            for (var i = 0; i < hits.Count; i++)
            {
                Assert.Equal(expectedScores[q][i], hits[i].Score, ScoreTolerance);
            }
        }
    }
}
