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
/// Embedded store photo search (32 query vectors, mean of best matches, k = 10, one category of 6) with the scan
/// kernel against today's algorithm as the baseline: <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/> on
/// every item (<c>SearchExhaustively</c>), in the same run on the same catalog. Run with
/// <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *EmbeddedPhotoSearch*</c>;
/// text search has its own baseline, the same exhaustive scoring of text queries;
/// pick catalogs with <c>MULTIMODALSEARCH_BENCH_PHOTO_CATALOGS=10000:Float32,200000:Float16</c>.
/// </summary>
/// <remarks>
/// The setup also prints, per catalog, the load rate, p50 latencies of both algorithms and of text search,
/// recall@10 of the store's search against the exhaustive one over 9 photo and 9 text queries, and the CPU time per
/// search of each (which, unlike wall time, other processes on a loaded machine do not inflate); with
/// <c>MULTIMODALSEARCH_BENCH_SCALING_CSV</c> set it appends them to that CSV (the columns of tools/plot_scaling.py).
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EmbeddedPhotoSearchBenchmarks
{
    private const int QueryVariants = 50;
    private const int RecallQueries = 9;
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

    /// <summary>The store's search: the scan kernel, then exact re-scoring of the candidates.</summary>
    /// <returns>The number of hits.</returns>
    [Benchmark]
    [BenchmarkCategory("Photo")]
    public async Task<int> PhotoScan() => (await _store.SearchAsync(_photoQueries[_next++ % QueryVariants])).Count;

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
        var exhaustive = Median(_photoQueries.Take(RecallQueries), q => _store.SearchExhaustively(q));
        var scanned = Median(_photoQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        var text = Median(_textQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        var textExhaustive = Median(_textQueries.Take(RecallQueries), q => _store.SearchExhaustively(q));
        var photoRecall = _photoQueries.Take(RecallQueries).Average(q => RecallAtK.Of(_store.SearchExhaustively(q), _store.SearchAsync(q).GetAwaiter().GetResult()));
        var textRecall = _textQueries.Take(RecallQueries).Average(q => RecallAtK.Of(_store.SearchExhaustively(q), _store.SearchAsync(q).GetAwaiter().GetResult()));
        var rowsPerSecond = Catalog.Items * (double)SyntheticEmbeddings.QueryCount / loadSeconds;
        var megabytes = Catalog.Items * (double)SyntheticEmbeddings.QueryCount * SyntheticEmbeddings.Dimensions * (Catalog.Precision == EmbeddedVectorPrecision.Float16 ? 2 : 4) / (1 << 20);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// PHOTO {Catalog}: load {rowsPerSecond:F0} rows/s; photo p50 exhaustive {exhaustive:F2} ms, scan {scanned:F2} ms ({exhaustive / scanned:F1}x); text p50 {text:F2} ms (exhaustive {textExhaustive:F2} ms); recall@10 photo {photoRecall:F3}, text {textRecall:F3}"));

        // CPU time per search (all threads of the process): unlike wall time, it does not count the time other
        // processes hold the cores, so its ratios hold on a loaded machine (memory stalls still count).
        var cpuExhaustive = CpuPerSearch(_photoQueries.Take(RecallQueries), q => _store.SearchExhaustively(q));
        var cpuScanned = CpuPerSearch(_photoQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        var cpuTextExhaustive = CpuPerSearch(_textQueries, q => _store.SearchExhaustively(q));
        var cpuText = CpuPerSearch(_textQueries, q => _store.SearchAsync(q).GetAwaiter().GetResult());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// CPU {Catalog}: photo exhaustive {cpuExhaustive:F2} ms, scan {cpuScanned:F2} ms ({cpuExhaustive / cpuScanned:F2}x); text exhaustive {cpuTextExhaustive:F2} ms, scan {cpuText:F2} ms ({cpuTextExhaustive / cpuText:F2}x)"));
        if (Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_SCALING_CSV") is { Length: > 0 } csv)
        {
            var layout = $"embedded-{Catalog.Precision.ToString().ToLowerInvariant()}";
            File.AppendAllLines(csv,
            [
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-today,{Catalog.Items},{rowsPerSecond:F0},{megabytes:F0},{textExhaustive:F3},{exhaustive:F3},1,1"),
                string.Create(CultureInfo.InvariantCulture, $"embedded,{layout}-scan,{Catalog.Items},{rowsPerSecond:F0},{megabytes:F0},{text:F3},{scanned:F3},{textRecall:F4},{photoRecall:F4}"),
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
