using MultimodalSearch.Catalog.Providers;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// Embedded store photo search (32 query vectors, mean of best matches, k = 10, one category of 6) against today's
/// algorithm as the baseline: <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/> on every item
/// (<c>SearchExhaustively</c>), in the same run on the same catalog. Rows: the float scan kernel alone
/// (<c>PhotoScan</c>), the store's search with the int8 copy (<c>PhotoInt8</c>: the int8 scan, its proven cut, the float
/// scan of the survivors; where AVX-VNNI is absent it is the float scan), and the approximate int8 search that is not
/// offered (<c>PhotoInt8Approximate</c>, re-scoring the 4 x k best int8 scores). Run with
/// <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *EmbeddedPhotoSearch*</c>;
/// text search has its own baseline, the same exhaustive scoring of text queries;
/// pick catalogs with <c>MULTIMODALSEARCH_BENCH_PHOTO_CATALOGS=10000:Float32,200000:Float16</c>.
/// </summary>
/// <remarks>
/// The setup also prints, per catalog, the load rate, p50 latencies of every photo algorithm and of text search,
/// recall@10 of each against the exhaustive one over 9 photo and 9 text queries, how many items each pass scored, and
/// the CPU time per search of each (which, unlike wall time, other processes on a loaded machine do not inflate); with
/// <c>MULTIMODALSEARCH_BENCH_SCALING_CSV</c> set it appends them to that CSV (the columns of tools/plot_scaling.py).
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EmbeddedPhotoSearchBenchmarks
{
    private const int QueryVariants = 50;
    private const int RecallQueries = 9;

    /// <summary>The approximate int8 search's factor (<c>MULTIMODALSEARCH_BENCH_RESCORE_FACTOR</c>, default 4): 4 x k = 40 items re-scored.</summary>
    private static readonly int RescoreFactor = int.TryParse(Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_RESCORE_FACTOR"), out var factor) ? factor : 4;
    private static readonly HashSet<PhotoSearchCatalog> Reported = [];
    private EmbeddedCatalogStore _store = null!;
    private CatalogQuery[] _photoQueries = [];
    private CatalogQuery[] _textQueries = [];
    private int _next;

    /// <summary>Gets the catalogs to run.</summary>
    public static IEnumerable<PhotoSearchCatalog> Catalogs => PhotoSearchCatalog.FromEnvironment();

    [ParamsSource(nameof(Catalogs))]
    public PhotoSearchCatalog Catalog { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var started = Stopwatch.GetTimestamp();
        var built = SyntheticCatalog.IsBuilt(Catalog.Items, Catalog.Precision);
        _store = SyntheticCatalog.Get(Catalog.Items, Catalog.Precision);
        var loadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        string[] filter = [SyntheticCatalog.Category(0)];
        _photoQueries = [.. Enumerable.Range(0, QueryVariants).Select(i => new CatalogQuery { Image = SyntheticEmbeddings.Image(2_000_000 + i), Categories = filter, Top = 10 })];
        _textQueries = [.. Enumerable.Range(0, QueryVariants).Select(i => new CatalogQuery { Text = SyntheticEmbeddings.Text(1_000_000 + i), Categories = filter, Top = 10 })];
        if (Reported.Add(Catalog))
        {
            Report(built ? double.NaN : loadSeconds);
        }
    }

    /// <summary>Today's algorithm: every item of the category scored exactly, item by item.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Photo")]
    public int PhotoExhaustive() => _store.SearchExhaustively(_photoQueries[_next++ % QueryVariants]).Count;

    /// <summary>The float scan kernel, then exact re-scoring of the candidates (the store's search without the int8 copy).</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    [BenchmarkCategory("Photo")]
    public int PhotoScan() => _store.SearchWith(_photoQueries[_next++ % QueryVariants], quantized: false, rescoreFactor: 0).Count;

    /// <summary>The store's search (default options where AVX-VNNI is present): the int8 scan, its proven cut, the float scan of the candidates, exact re-scoring.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    [BenchmarkCategory("Photo")]
    public async Task<int> PhotoInt8() => (await _store.SearchAsync(_photoQueries[_next++ % QueryVariants])).Count;

    /// <summary>The approximate int8 search: the <see cref="RescoreFactor"/> x k best int8 scores re-scored exactly.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    [BenchmarkCategory("Photo")]
    public int PhotoInt8Approximate() => _store.SearchWith(_photoQueries[_next++ % QueryVariants], quantized: true, RescoreFactor).Count;

    /// <summary>A text search scored exactly, item by item: the baseline of <see cref="Text"/>.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Text")]
    public int TextExhaustive() => _store.SearchExhaustively(_textQueries[_next++ % QueryVariants]).Count;

    /// <summary>The store's text search on the same catalog (the text scan kernel, then exact re-scoring).</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    [BenchmarkCategory("Text")]
    public async Task<int> Text() => (await _store.SearchAsync(_textQueries[_next++ % QueryVariants])).Count;

    private void Report(double loadSeconds)
    {
        // Few exhaustive searches: at 200,000 items one takes about a second of both cores.
        var recallQueries = _photoQueries.Take(RecallQueries).ToList();
        Func<CatalogQuery, IReadOnlyList<CatalogHit>> floatScan = q => _store.SearchWith(q, quantized: false, rescoreFactor: 0);
        Func<CatalogQuery, IReadOnlyList<CatalogHit>> int8 = q => _store.SearchAsync(q).GetAwaiter().GetResult();
        Func<CatalogQuery, IReadOnlyList<CatalogHit>> approximate = q => _store.SearchWith(q, quantized: true, RescoreFactor);
        var exhaustive = Median(recallQueries, q => _store.SearchExhaustively(q));
        var scanned = Median(_photoQueries, q => floatScan(q));
        var quantized = Median(_photoQueries, q => int8(q));
        var approximated = Median(_photoQueries, q => approximate(q));
        var text = Median(_textQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        var textExhaustive = Median(_textQueries.Take(RecallQueries), q => _store.SearchExhaustively(q));
        var references = recallQueries.Select(q => _store.SearchExhaustively(q)).ToList();
        double Recall(Func<CatalogQuery, IReadOnlyList<CatalogHit>> search) => recallQueries.Select((q, i) => RecallAtK.Of(references[i], search(q))).Average();
        var (photoRecall, int8Recall, approximateRecall) = (Recall(floatScan), Recall(int8), Recall(approximate));
        var textRecall = _textQueries.Take(RecallQueries).Average(q => RecallAtK.Of(_store.SearchExhaustively(q), _store.SearchAsync(q).GetAwaiter().GetResult()));
        var rowsPerSecond = Catalog.Items * (double)SyntheticEmbeddings.QueryCount / loadSeconds;
        var megabytes = Catalog.Items * (double)SyntheticEmbeddings.QueryCount * SyntheticEmbeddings.Dimensions * (Catalog.Precision == EmbeddedVectorPrecision.Float16 ? 2 : 4) / (1 << 20);

        // The int8 copy: a byte per value and 34 floats per item.
        var int8Megabytes = megabytes + (Catalog.Items * (((double)SyntheticEmbeddings.QueryCount * SyntheticEmbeddings.Dimensions) + (4 * (SyntheticEmbeddings.QueryCount + 2))) / (1 << 20));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PHOTO {Catalog}: load {rowsPerSecond:F0} rows/s; photo p50 exhaustive {exhaustive:F2} ms, float scan {scanned:F2} ms ({exhaustive / scanned:F1}x), int8 exact {quantized:F2} ms ({exhaustive / quantized:F1}x), int8 approximate x{RescoreFactor} {approximated:F2} ms ({exhaustive / approximated:F1}x); text p50 {text:F2} ms (exhaustive {textExhaustive:F2} ms); recall@10 photo float {photoRecall:F3}, int8 {int8Recall:F3}, approximate {approximateRecall:F3}, text {textRecall:F3}"));

        // How many items each pass scored (mean over the queries): the int8 cut's candidates go on to the float scan.
        var statistics = _photoQueries.Select(q =>
        {
            var statistic = new SearchStatistics();
            _store.SearchWith(q, quantized: true, rescoreFactor: 0, statistic);
            var floatStatistic = new SearchStatistics();
            _store.SearchWith(q, quantized: false, rescoreFactor: 0, floatStatistic);
            return (statistic.QuantizedScanned, statistic.FloatScanned, statistic.Rescored, FloatRescored: floatStatistic.Rescored);
        }).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PASSES {Catalog}: int8 scanned {statistics.Average(s => s.QuantizedScanned):F0}, its proven cut kept {statistics.Average(s => s.FloatScanned):F1} (max {statistics.Max(s => s.FloatScanned)}) for the float scan, re-scored exactly {statistics.Average(s => s.Rescored):F1}; float scan alone re-scored {statistics.Average(s => s.FloatRescored):F1}; approximate re-scores {RescoreFactor * 10}"));

        // CPU time per search (all threads of the process): unlike wall time, it does not count the time other
        // processes hold the cores, so its ratios hold on a loaded machine (memory stalls still count).
        var cpuExhaustive = CpuPerSearch(recallQueries, q => _store.SearchExhaustively(q));
        var cpuScanned = CpuPerSearch(_photoQueries, q => floatScan(q));
        var cpuQuantized = CpuPerSearch(_photoQueries, q => int8(q));
        var cpuApproximate = CpuPerSearch(_photoQueries, q => approximate(q));
        var cpuTextExhaustive = CpuPerSearch(_textQueries, q => _store.SearchExhaustively(q));
        var cpuText = CpuPerSearch(_textQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// CPU {Catalog}: photo exhaustive {cpuExhaustive:F2} ms, float scan {cpuScanned:F2} ms ({cpuExhaustive / cpuScanned:F2}x), int8 exact {cpuQuantized:F2} ms ({cpuExhaustive / cpuQuantized:F2}x), int8 approximate {cpuApproximate:F2} ms ({cpuExhaustive / cpuApproximate:F2}x); text exhaustive {cpuTextExhaustive:F2} ms, scan {cpuText:F2} ms ({cpuTextExhaustive / cpuText:F2}x)"));
        if (Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_SCALING_CSV") is { Length: > 0 } csv)
        {
            var layout = $"embedded-{Catalog.Precision.ToString().ToLowerInvariant()}";
            File.AppendAllLines(csv,
            [
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-today,{Catalog.Items},{rowsPerSecond:F0},{megabytes:F0},{textExhaustive:F3},{exhaustive:F3},1,1"),
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-scan,{Catalog.Items},{rowsPerSecond:F0},{megabytes:F0},{text:F3},{scanned:F3},{textRecall:F4},{photoRecall:F4}"),
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-int8,{Catalog.Items},{rowsPerSecond:F0},{int8Megabytes:F0},{text:F3},{quantized:F3},{textRecall:F4},{int8Recall:F4}"),
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-int8-approx{RescoreFactor},{Catalog.Items},{rowsPerSecond:F0},{int8Megabytes:F0},{text:F3},{approximated:F3},{textRecall:F4},{approximateRecall:F4}"),
            ]);
        }
    }

    private static double Median(IEnumerable<CatalogQuery> queries, Action<CatalogQuery> search)
    {
        var list = queries.ToList();
        search(list[0]);
        var times = list.Select(q =>
        {
            var started = Stopwatch.GetTimestamp();
            search(q);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).Order().ToList();
        return times[times.Count / 2];
    }

    private static double CpuPerSearch(IEnumerable<CatalogQuery> queries, Action<CatalogQuery> search)
    {
        var list = queries.ToList();
        search(list[0]);
        var started = Environment.CpuUsage.TotalTime;
        foreach (var query in list)
        {
            search(query);
        }

        return (Environment.CpuUsage.TotalTime - started).TotalMilliseconds / list.Count;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).WithWarmupCount(2).WithIterationCount(5));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);

            // Each category (photo, text) has its own baseline.
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        }
    }
}
