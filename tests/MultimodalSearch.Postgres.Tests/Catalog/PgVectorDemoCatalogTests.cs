using MultimodalSearch.Blip2;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Acceptance on the demo catalog: its 360 product images embedded by the demo BLIP-2 model and ingested
/// into the pgvector store; the 12 reference query embeddings must return the reference top-10.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorDemoCatalogTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    // The reference image embeddings come from PyTorch, ours from ONNX Runtime on the same weights.
    private const float ScoreTolerance = 2e-3f;

    [Fact]
    public async Task The_12_reference_queries_return_the_reference_top_10_ids_in_order()
    {
        var reference = DemoReference.Instance;
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        var store = database.CreateStore();
        var ingested = await new CatalogIngestor(embedder, store).IngestAsync(CatalogSource.Open(TestPaths.DemoCatalog));
        Assert.Empty(ingested.Failed);
        Assert.Equal(360, await store.CountAsync());

        for (var q = 0; q < reference.Queries.Count; q++)
        {
            var hits = await store.SearchAsync(new CatalogQuery { Text = reference.QueryTextEmbedding(q), Top = 10 });

            Assert.True(
                reference.Top10Ids[q].SequenceEqual(hits.Select(h => h.Id)),
                $"'{reference.Queries[q]}': expected [{string.Join(", ", reference.Top10Ids[q])}], got [{string.Join(", ", hits.Select(h => h.Id))}].");
            Assert.All(hits.Zip(reference.Top10Scores[q]), pair => Assert.Equal(pair.Second, pair.First.Score, ScoreTolerance));
        }
    }
}
