using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Benchmarks.Embedded;
using MultimodalSearch.Embedded;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// The pgvector store's recall on catalogs of real images embedded by the demo model (<see cref="RealCatalog"/>: the
/// variant-heavy catalog, or Fashion-MNIST and other <c>styles.csv</c> folders from
/// <c>MULTIMODALSEARCH_BENCH_REAL_CATALOGS</c>): the items are copied from the embedded store that holds their
/// embeddings into a pgvector catalog, and every search goes through the HNSW index (no exact scan of a small catalog or
/// category). The setup prints recall@10 against exact scoring (the embedded store's item-by-item search) for photos
/// (every 20th item, whole catalog and its own category) and the demo's reference texts. Baseline: the same store
/// scanning every vector exactly (<see cref="PgVectorCatalogOptions.ExactSearchThreshold"/> above the catalog's size).
/// Run with <c>--filter '*PgVectorRealCatalog*'</c> and <c>MULTIMODALSEARCH_BENCH_POSTGRES</c> set.
/// </summary>
[Config(typeof(Config))]
public class PgVectorRealCatalogBenchmarks : RealCatalogSuite
{
    private static readonly HashSet<string> Reported = [];
    private PgVectorCatalogStore _index = null!;
    private PgVectorCatalogStore _exact = null!;
    private EmbeddedCatalogStore _embeddings = null!;
    private CatalogQuery[] _photos = [];
    private CatalogQuery[] _texts = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        (_embeddings, var key) = RealCatalog.Open(Source);
        var items = RealCatalog.Items(_embeddings);
        var collection = "real_" + key;
        _index = Open(collection, exactSearchThreshold: 0);
        _exact = Open(collection, exactSearchThreshold: int.MaxValue);
        if (_index.CountAsync().GetAwaiter().GetResult() != items.Count)
        {
            // One bulk load (the index built once at its end), as a shop loads its catalog.
            var load = _index.BeginBulkLoadAsync(items.Count).GetAwaiter().GetResult();
            foreach (var batch in items.Chunk(5_000))
            {
                _index.UpsertAsync(batch).GetAwaiter().GetResult();
            }

            load.EndAsync().GetAwaiter().GetResult();
        }

        (_photos, var inCategory, _texts) = RealCatalog.Queries(Source, items);
        if (Reported.Add(Source))
        {
            Report("", _index, _photos, inCategory, _texts);
            foreach (var (name, options) in SearchOptionVariants.FromEnvironment(() => Options(collection, exactSearchThreshold: 0)))
            {
                using var variant = PgVectorCatalogStore.Create(options);
                Report("[" + name + "]", variant, _photos, inCategory, _texts);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _exact.Dispose();
        _embeddings.Dispose();
    }

    /// <summary>Every vector scanned exactly.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> PhotoExact() => (await _exact.SearchAsync(_photos[_next++ % _photos.Length])).Count;

    /// <summary>The index path: centroid rows from the HNSW index, ranked in SQL, the best scored exactly.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    public async Task<int> PhotoIndex() => (await _index.SearchAsync(_photos[_next++ % _photos.Length])).Count;

    /// <summary>The index path for a text (the reference texts, shopper phrasings and the catalog's own, in turn).</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    public async Task<int> TextIndex() => (await _index.SearchAsync(_texts[_next++ % _texts.Length])).Count;

    private static PgVectorCatalogStore Open(string collection, int exactSearchThreshold) => PgVectorCatalogStore.Create(Options(collection, exactSearchThreshold));

    private static PgVectorCatalogOptions Options(string collection, int exactSearchThreshold) => new()
    {
        ConnectionString = PostgresBenchmarkServer.ConnectionString,
        Schema = PostgresBenchmarkServer.Schema,
        Collection = collection,
        ExactSearchThreshold = exactSearchThreshold,
        ExactProbeThreshold = 0,
    };

    private void Report(string variant, PgVectorCatalogStore store, CatalogQuery[] photos, CatalogQuery[] inCategory, CatalogQuery[] texts) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PGREAL {Source}{variant}: recall@10 through the index against exact scoring: photo {Recall(store, photos):F4} ({photos.Length} queries), photo in its category {Recall(store, inCategory):F4}, text {Recall(store, texts):F4} ({texts.Length}); p50 of a second pass: photo {P50(store, photos):F1} ms, text {P50(store, texts):F1} ms"));

    /// <summary>The median time of one search of each query (a single pass after the recall pass warmed the cache; the BenchmarkDotNet methods are the figures to compare).</summary>
    private static double P50(PgVectorCatalogStore store, CatalogQuery[] queries) => PgVectorLayoutBenchmarks.Measure(q => store.SearchAsync(q), queries).P50;

    private double Recall(PgVectorCatalogStore store, CatalogQuery[] queries) =>
        queries.Average(q => RecallAtK.Of(_embeddings.SearchExhaustively(q), store.SearchAsync(q).GetAwaiter().GetResult()));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithWarmupCount(1).WithIterationCount(3));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
