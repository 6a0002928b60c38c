using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// Embedded store photo search on catalogs of real images embedded by the demo model: by default the variant-heavy
/// catalog (<see cref="VariantCatalog"/>: 360 demo products x 8 renders = 2,880 near-duplicates); with
/// <c>MULTIMODALSEARCH_BENCH_REAL_CATALOGS=DIR[,DIR]</c>, any <c>styles.csv</c> catalogs (for instance Fashion-MNIST from
/// <c>../shared/tools/fashion_mnist_catalog.py</c>). Baseline: today's algorithm (every item scored exactly). The setup
/// prints recall@10 of the store's search against the exhaustive one for photo queries (every 20th item, whole catalog
/// and its own category) and text queries (the demo's 12 reference queries).
/// </summary>
/// <remarks>The embedded catalogs are kept under the temp folder, keyed by the source folder, so a re-run does not embed again.</remarks>
[Config(typeof(Config))]
public class EmbeddedRealCatalogBenchmarks : RealCatalogSuite
{
    // As EmbeddedPhotoSearchBenchmarks: MULTIMODALSEARCH_BENCH_RESCORE_FACTOR, default 4.
    private static readonly HashSet<string> Reported = [];
    private static readonly int RescoreFactor = int.TryParse(Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_RESCORE_FACTOR"), out var factor) ? factor : 4;

    private EmbeddedCatalogStore _store = null!;
    private CatalogQuery[] _photoQueries = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        (_store, _) = RealCatalog.Open(Source);
        (_photoQueries, var categoryQueries, var textQueries) = RealCatalog.Queries(Source, RealCatalog.Items(_store));
        if (!Reported.Add(Source))
        {
            // The recall and pass counts take minutes on large catalogs: once per catalog, not once per benchmark.
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// REAL {Source}: recall@10 against exhaustive: photo {Recall(_photoQueries):F4} ({_photoQueries.Length} queries), photo in its category {Recall(categoryQueries):F4}, text {Recall(textQueries):F4} ({textQueries.Length})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// REAL {Source}: recall@10 of the approximate int8 search (x{RescoreFactor}): photo {Recall(_photoQueries, RescoreFactor):F4}, in its category {Recall(categoryQueries, RescoreFactor):F4}"));
        foreach (var (name, queries) in new[] { ("photo", _photoQueries), ("photo in its category", categoryQueries) })
        {
            var passes = queries.Select(q =>
            {
                var statistics = new SearchStatistics();
                _store.SearchWith(q, quantized: true, rescoreFactor: 0, statistics);
                return statistics;
            }).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// REAL {Source} {name}: int8 scanned {passes.Average(p => p.QuantizedScanned):F0}, the proven cut kept {passes.Average(p => p.FloatScanned):F1} (median {passes.Select(p => p.FloatScanned).Order().ElementAt(passes.Count / 2)}, max {passes.Max(p => p.FloatScanned)}), re-scored exactly {passes.Average(p => p.Rescored):F1}"));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>Today's algorithm: every item scored exactly, item by item.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark(Baseline = true)]
    public int PhotoExhaustive() => _store.SearchExhaustively(_photoQueries[_next++ % _photoQueries.Length]).Count;

    /// <summary>The float scan kernel, then exact re-scoring of the candidates (the store's search without the int8 copy).</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    public int PhotoScan() => _store.SearchWith(_photoQueries[_next++ % _photoQueries.Length], quantized: false, rescoreFactor: 0).Count;

    /// <summary>The store's search where AVX-VNNI is present: the int8 scan and its proven cut, the float scan of the candidates, exact re-scoring.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    public async Task<int> PhotoInt8() => (await _store.SearchAsync(_photoQueries[_next++ % _photoQueries.Length])).Count;

    /// <summary>The approximate int8 search: the best <see cref="RescoreFactor"/> x k int8 scores re-scored exactly.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    public int PhotoInt8Approximate() => _store.SearchWith(_photoQueries[_next++ % _photoQueries.Length], quantized: true, RescoreFactor).Count;

    private double Recall(CatalogQuery[] queries) =>
        queries.Average(q => RecallAtK.Of(_store.SearchExhaustively(q), _store.SearchAsync(q).GetAwaiter().GetResult()));

    private double Recall(CatalogQuery[] queries, int rescoreFactor) =>
        queries.Average(q => RecallAtK.Of(_store.SearchExhaustively(q), _store.SearchWith(q, quantized: true, rescoreFactor)));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithWarmupCount(2).WithIterationCount(5));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
