using System.Numerics.Tensors;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// A text's routes (<see cref="PgVectorCatalogOptions.TextRoutes"/>): the centroid rows of a hash sample of the catalog
/// that the text scores best, compared exactly, whose items become candidates and whose neighbourhoods are probed too,
/// so that a text for which the HNSW search settles in the wrong region still finds its best items.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorTextRouteTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int Dimensions = 64;
    private const int QueryCount = 32;
    private const int Top = 5;

    [Fact]
    public async Task Routes_find_the_text_s_best_items_where_its_own_probe_comes_back_empty()
    {
        // Six categories along six axes; every item's 32 query vectors are one vector, so its 8 centroid rows are that
        // vector too and a row's score is the item's. A catalog of 1,920 centroid rows is below the route sample's
        // size: every row is a route, and a text's 40 best routes are exactly the rows of its 5 best items.
        var random = new Random(3);
        var items = new List<CatalogItem>();
        for (var i = 0; i < 240; i++)
        {
            var row = new float[Dimensions];
            row[i % 6] = 1f;
            for (var k = 0; k < Dimensions; k++)
            {
                row[k] += (float)(random.NextDouble() - 0.5) * 0.3f;
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
            var rows = new float[QueryCount * Dimensions];
            for (var q = 0; q < QueryCount; q++)
            {
                row.CopyTo(rows.AsSpan(q * Dimensions));
            }

            items.Add(new CatalogItem { Id = $"item-{i:D3}", Category = "c" + (i % 6), Name = "item", ImageLocation = "images/item.jpg", Embedding = new ImageEmbedding(rows, QueryCount) });
        }

        // A text along category 0's axis, searched in category 3. The HNSW probe, without iterative scans, returns its
        // 20 nearest rows, all of category 0, and the filter leaves none (the session's settings keep the planner from
        // sorting the category's few rows instead, which is exact and never short).
        var text = new float[Dimensions];
        text[0] = 1f;
        text[3] = 0.3f;
        TensorPrimitives.Divide(text, TensorPrimitives.Norm(text), text);
        var query = new CatalogQuery { Text = new TextEmbedding(text), Categories = ["c3"], Top = Top };
        void Options(PgVectorCatalogOptions o)
        {
            o.ConnectionString += ";Options=-c enable_sort=off -c enable_seqscan=off -c enable_bitmapscan=off";
            o.ExactSearchThreshold = 0;
            o.ExactProbeThreshold = 0;
            o.IterativeScan = PgVectorIterativeScan.Off;
            o.EfSearch = 1;
            o.MinCandidates = 1;
            o.CandidateMultiplier = 1;
            o.TextRoutes = 8 * Top;
        }

        var routed = database.CreateStore(Options);
        await routed.UpsertAsync(items);
        var unrouted = database.OpenStore(routed.Collection, o =>
        {
            Options(o);
            o.TextRoutes = 0;
        });
        using var paths = new SearchPathRecorder(routed);
        var expected = CatalogItems.ExpectedHits(items, query, v => v.ToArray());

        var hits = await routed.SearchAsync(query);
        var fallback = await unrouted.SearchAsync(query);

        // Routed: found through the index path; without routes the probe came back short and the store scanned exactly.
        Assert.Equal(["ann", "ann+exact"], paths.Paths);
        CatalogStoreAssert.SameHits(expected, hits);
        CatalogStoreAssert.SameHits(expected, fallback);
    }
}
