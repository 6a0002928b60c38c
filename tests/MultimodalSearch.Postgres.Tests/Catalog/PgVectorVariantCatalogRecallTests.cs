using MultimodalSearch.Blip2;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;
using Xunit.Abstractions;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// Recall where the index finds it hardest: every demo product in 8 near-duplicate renders
/// (<see cref="VariantCatalog"/>: 2,880 items), embedded by the demo model. An item's centroid rows lie close to those
/// of its 7 siblings, so a probe's rows name fewer distinct items than on ordinary catalogs. Every search goes through
/// the index (no exact scan of a small table) and must find at least 95 % of the exact top 10 (scored in .NET over
/// every item), for photo, photo-in-category, text and fused searches alike, through the HNSW index and then through an
/// IVFFlat index (<see cref="PgVectorCentroidIndex.IvfFlat"/>) over the same rows.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorVariantCatalogRecallTests(PostgresSchemaFixture database, ITestOutputHelper output) : IClassFixture<PostgresSchemaFixture>, IDisposable
{
    private const int K = 10;
    private const double RequiredRecall = 0.95;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mms-pg-variants-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Searches_through_either_index_find_at_least_95_percent_of_the_exact_top_10_of_near_duplicate_renders()
    {
        var catalog = VariantCatalog.Write(Path.Combine(_directory, "catalog"));
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });

        // No exact scan however small the catalog or category: the recall measured is the index's.
        var store = database.CreateStore(o =>
        {
            o.ExactSearchThreshold = 0;
            o.ExactProbeThreshold = 0;
        });
        var ingested = await new CatalogIngestor(embedder, store).IngestAsync(CatalogSource.Open(catalog.Directory));
        Assert.Empty(ingested.Failed);
        var items = new List<CatalogItem>(catalog.Entries.Count);
        foreach (var entry in catalog.Entries)
        {
            items.Add((await store.GetAsync(entry.Id))!);
        }

        await AssertRecallAsync(store, items, "HNSW");

        // The same catalog through an IVFFlat index: a store asking for it rebuilds the catalog's index when it opens
        // (2,880 items: 23,040 centroid rows, 23 lists, 8 probes).
        var ivfFlat = database.OpenStore(store.Collection, o =>
        {
            o.ExactSearchThreshold = 0;
            o.ExactProbeThreshold = 0;
            o.CentroidIndex = PgVectorCentroidIndex.IvfFlat;
        });
        Assert.Equal(items.Count, await ivfFlat.CountAsync());
        Assert.Equal("ivfflat", await database.ScalarAsync<string>($"SELECT a.amname::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = to_regclass('\"{database.Schema}\".\"{store.Collection}_vectors_pooled_hnsw\"')"));
        await AssertRecallAsync(ivfFlat, items, "IVFFlat");

        // Texts with a twentieth of the default candidates (a text probe of 40 centroid rows): the centroids must rank as the
        // exact score does, which they do only when an item's distinguishing query vectors keep centroids of their own.
        var tight = database.OpenStore(store.Collection, o =>
        {
            o.ExactSearchThreshold = 0;
            o.ExactProbeThreshold = 0;
            o.CandidateMultiplier = 1;
            o.MinCandidates = 10;
        });
        await AssertRecallAsync(tight, items, "HNSW, 10 candidates", kind => kind == "text");
    }

    private async Task AssertRecallAsync(PgVectorCatalogStore store, List<CatalogItem> items, string index, Func<string, bool>? kinds = null)
    {
        using var paths = new SearchPathRecorder(store);
        var recalls = new Dictionary<string, List<double>>();
        foreach (var (kind, query) in Queries(items).Where(q => kinds?.Invoke(q.Kind) ?? true))
        {
            var exact = CatalogItems.ExpectedHits(items, query, v => v.ToArray());
            var hits = await store.SearchAsync(query);
            Assert.Equal(K, hits.Count);
            (recalls.TryGetValue(kind, out var list) ? list : recalls[kind] = []).Add(RecallAtK.Of(exact, hits));
        }

        foreach (var (kind, values) in recalls)
        {
            output.WriteLine($"{index} {kind}: recall@{K} {values.Average():F4} over {values.Count} queries");
        }

        Assert.All(recalls, pair => Assert.True(pair.Value.Average() >= RequiredRecall, $"{index} {pair.Key}: recall@{K} is {pair.Value.Average():F4}; at least {RequiredRecall} is required."));
        Assert.All(paths.Paths, path => Assert.Equal("ann", path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IEnumerable<(string Kind, CatalogQuery Query)> Queries(List<CatalogItem> items)
    {
        // Photos of catalog items (their siblings are the near-duplicates to find), every 23rd item.
        foreach (var item in items.Where((_, i) => i % 23 == 0))
        {
            yield return ("photo", new CatalogQuery { Image = item.Embedding, Top = K });
            yield return ("photo in category", new CatalogQuery { Image = item.Embedding, Categories = [item.Category], Top = K });
        }

        // The demo's reference texts, alone and fused with a photo.
        var reference = DemoReference.Instance;
        for (var q = 0; q < reference.Queries.Count; q++)
        {
            yield return ("text", new CatalogQuery { Text = reference.QueryTextEmbedding(q), Top = K });
            for (var p = 0; p < 3; p++)
            {
                var photo = items[((q * 3) + p) * 79 % items.Count];
                yield return ("fused", new CatalogQuery { Text = reference.QueryTextEmbedding(q), Image = photo.Embedding, TextWeight = 0.6f, ImageWeight = 0.4f, Top = K });
            }
        }
    }
}
