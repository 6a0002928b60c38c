using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Catalog.Providers;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// Today's layout against the pooled one (issue 21): schema version 1 (every query vector in the HNSW index, one
/// probe per search vector) as the baseline, against the store as it is (one pooled row per item in the index,
/// candidates scored exactly with all 32 query vectors; the centroid rows in an HNSW index, and in an IVFFlat one), on the same clustered catalog of 10,000 and 50,000 items
/// x 32 vectors, text and photo queries (k = 10, one category). Run with
/// <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *PgVectorLayout*</c>
/// and MULTIMODALSEARCH_BENCH_POSTGRES set.
/// </summary>
/// <remarks>
/// The setup loads each catalog once (they stay in the server's <c>multimodal_search_bench</c> schema) and prints, per
/// layout: the load time (COPY, keys, HNSW build) and query vectors loaded per second, the HNSW index's size, p50/p99 of
/// 100 text and 20 photo searches, and recall@10 against exact max-over-vectors scoring computed in .NET over every
/// item of the category. <c>MULTIMODALSEARCH_BENCH_LAYOUT_ITEMS</c> (comma-separated) changes the sizes; sizes above
/// <c>MULTIMODALSEARCH_BENCH_TODAY_MAX_ITEMS</c> (default 50,000) measure only the pooled layout unless today's is
/// already loaded (its single-threaded build of 32 index rows per item takes hours there), and its methods then fail.
/// <c>MULTIMODALSEARCH_BENCH_LAYOUTS</c> (comma-separated, of <c>today</c>, <c>pooled</c> and <c>ivfflat</c>; default all)
/// loads and measures only those layouts (at 200,000 items each centroid layout's catalog takes 16 GB), and the other
/// layouts' methods then fail. <c>MULTIMODALSEARCH_BENCH_CSV</c> names a file to append the figures to.
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PgVectorLayoutBenchmarks
{
    private const int TextQueries = 100;
    private const int PhotoQueries = 20;
    private const int K = 10;

    // The setup runs once per benchmark method; the report is needed once per catalog size.
    private static readonly HashSet<int> Reported = [];
    private readonly ClusteredCatalog _generator = new(seed: 11);
    private PgVectorCatalogStore? _store;
    private PgVectorCatalogStore? _ivfFlat;
    private NpgsqlDataSource _dataSource = null!;
    private TodayLayoutCatalog? _today;
    private CatalogQuery[] _texts = [];
    private CatalogQuery[] _photos = [];
    private int _next;

    /// <summary>Gets the catalog sizes to measure.</summary>
    public static IEnumerable<int> Sizes =>
        (Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_LAYOUT_ITEMS") is { Length: > 0 } sizes ? sizes : "10000,50000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture));

    [ParamsSource(nameof(Sizes))]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dataSource = PostgresBenchmarkServer.CreateDataSource();
        _texts = [.. Enumerable.Range(0, TextQueries).Select(i => new CatalogQuery
        {
            Text = _generator.Text(i, i % ClusteredCatalog.Categories),
            Categories = [ClusteredCatalog.Category(i % ClusteredCatalog.Categories)],
            Top = K,
        })];

        // Photos of the queried category (item index and category agree modulo 6), not in the catalog.
        _photos = [.. Enumerable.Range(0, PhotoQueries).Select(i => new CatalogQuery
        {
            Image = _generator.Items(6_000_000 + i, 1)[0].Embedding,
            Categories = [ClusteredCatalog.Category(i % ClusteredCatalog.Categories)],
            Top = K,
        })];
        var today = new TodayLayoutCatalog(_dataSource, "today_" + Items.ToString(CultureInfo.InvariantCulture));
        var todayMax = Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_TODAY_MAX_ITEMS") is { Length: > 0 } max ? int.Parse(max, CultureInfo.InvariantCulture) : 50_000;
        double? todayLoad = null;
        if (Layouts.Contains("today") && (Items <= todayMax || IndexSize(today.IndexName) > 0))
        {
            todayLoad = today.EnsureLoadedAsync(_generator, Items).GetAwaiter().GetResult();
            _today = today;
        }

        double? pooledLoad = null;
        double? ivfFlatLoad = null;
        if (Layouts.Contains("pooled"))
        {
            (_store, pooledLoad) = PostgresBenchmarkServer.OpenLoadedTimed(Collection("pooled"), Items, _generator);
        }

        if (Layouts.Contains("ivfflat"))
        {
            (_ivfFlat, ivfFlatLoad) = PostgresBenchmarkServer.OpenLoadedTimed(Collection("ivfflat"), Items, _generator, PgVectorCentroidIndex.IvfFlat);
        }

        if (Reported.Add(Items))
        {
            Report(todayLoad, pooledLoad, ivfFlatLoad);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ivfFlat?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
    }

    /// <summary>Schema version 1: one index probe for the text vector over every query vector row.</summary>
    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<CatalogHit>> TodayText() => Today.SearchAsync(_texts[_next++ % TextQueries]);

    /// <summary>The pooled layout: one index probe over one row per item, candidates scored exactly.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> PooledText() => Pooled.SearchAsync(_texts[_next++ % TextQueries]);

    /// <summary>The pooled layout with its centroid rows in an IVFFlat index.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> IvfFlatText() => IvfFlat.SearchAsync(_texts[_next++ % TextQueries]);

    /// <summary>Schema version 1: 32 index probes, one per query vector of the photo.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> TodayPhoto() => Today.SearchAsync(_photos[_next++ % PhotoQueries]);

    /// <summary>The pooled layout: one probe with the photo's pooled vector, candidates scored exactly.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> PooledPhoto() => Pooled.SearchAsync(_photos[_next++ % PhotoQueries]);

    /// <summary>The pooled layout with its centroid rows in an IVFFlat index.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> IvfFlatPhoto() => IvfFlat.SearchAsync(_photos[_next++ % PhotoQueries]);

    private static HashSet<string> Layouts { get; } = [.. (Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_LAYOUTS") is { Length: > 0 } layouts ? layouts : "today,pooled,ivfflat")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private TodayLayoutCatalog Today => _today ?? throw new InvalidOperationException($"Today's layout was not loaded at {Items} items (above MULTIMODALSEARCH_BENCH_TODAY_MAX_ITEMS, or not in MULTIMODALSEARCH_BENCH_LAYOUTS).");

    /// <summary>The collection of a centroid layout (<c>pooled</c> or <c>ivfflat</c>) at this size.</summary>
    private string Collection(string layout) => layout + "_" + Items.ToString(CultureInfo.InvariantCulture);

    /// <summary>The qualified name of a centroid layout's index (one name whatever its kind).</summary>
    private string CentroidIndexName(string layout) => $"{PostgresBenchmarkServer.Schema}.{Collection(layout)}_vectors_pooled_hnsw";

    private PgVectorCatalogStore Pooled => _store ?? throw new InvalidOperationException("The pooled layout is not in MULTIMODALSEARCH_BENCH_LAYOUTS.");

    private PgVectorCatalogStore IvfFlat => _ivfFlat ?? throw new InvalidOperationException("The ivfflat layout is not in MULTIMODALSEARCH_BENCH_LAYOUTS.");

    private void Report(double? todayLoad, double? pooledLoad, double? ivfFlatLoad)
    {
        var exactTexts = ExactTop(_texts);
        var exactPhotos = ExactTop(_photos);
        var layouts = new List<(string Name, Func<CatalogQuery, Task<IReadOnlyList<CatalogHit>>> Search, double? Load, string Index)>();
        if (_today is { } today)
        {
            layouts.Add(("today", today.SearchAsync, todayLoad, today.IndexName));
        }

        var pooledIndex = CentroidIndexName("pooled");
        if (_store is { } pooled)
        {
            layouts.Add(("pooled", q => pooled.SearchAsync(q), pooledLoad, pooledIndex));
        }

        if (_ivfFlat is { } ivfFlat)
        {
            layouts.Add(("ivfflat", q => ivfFlat.SearchAsync(q), ivfFlatLoad, CentroidIndexName("ivfflat")));
        }

        var variants = new List<PgVectorCatalogStore>();
        foreach (var (name, options) in SearchOptionVariants.FromEnvironment(() => new PgVectorCatalogOptions { ConnectionString = PostgresBenchmarkServer.ConnectionString, Schema = PostgresBenchmarkServer.Schema, Collection = Collection("pooled") }))
        {
            var variant = PgVectorCatalogStore.Create(options);
            variants.Add(variant);
            layouts.Add(("pooled[" + name + "]", q => variant.SearchAsync(q), null, pooledIndex));
        }

        foreach (var (name, search, load, index) in layouts)
        {
            var text = Measure(search, _texts);
            var photo = Measure(search, _photos);
            var textRecall = Recall(text.Results, exactTexts);
            var photoRecall = Recall(photo.Results, exactPhotos);
            var indexMb = IndexSize(index) / 1048576.0;
            var rows = load is { } seconds ? ((double)Items * ClusteredCatalog.QueryCount / seconds).ToString("F0", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// LAYOUT {name} {Items} items: load {(load is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) + " s" : "(loaded earlier)")}, {rows} query vectors/s; index {indexMb:F1} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// LAYOUT {name} {Items} items: text p50 {text.P50:F2} ms p99 {text.P99:F2} ms recall@{K} {textRecall:F4}; photo p50 {photo.P50:F2} ms p99 {photo.P99:F2} ms recall@{K} {photoRecall:F4}"));
            if (Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_CSV") is { Length: > 0 } csv && !name.Contains('[', StringComparison.Ordinal))
            {
                File.AppendAllText(csv, string.Create(CultureInfo.InvariantCulture, $"pgvector,{name},{Items},{rows},{indexMb:F1},{text.P50:F2},{photo.P50:F2},{textRecall:F4},{photoRecall:F4}\n"));
            }
        }

        foreach (var variant in variants)
        {
            variant.Dispose();
        }
    }

    /// <summary>The exact top 10 of each query: every item of its category scored in .NET, generated in chunks to bound memory.</summary>
    private string[][] ExactTop(CatalogQuery[] queries)
    {
        var best = queries.Select(_ => new List<(float Score, string Id)>()).ToArray();
        const int Chunk = 5_000;
        for (var first = 0; first < Items; first += Chunk)
        {
            var items = _generator.Items(first, Math.Min(Chunk, Items - first));
            Parallel.For(0, queries.Length, q =>
            {
                var query = queries[q];
                var list = best[q];
                foreach (var item in items)
                {
                    if (query.Categories!.Contains(item.Category))
                    {
                        list.Add((CatalogScoring.Score(query, item.Embedding.Vectors.Span, item.Embedding.Dimensions), item.Id));
                    }
                }

                list.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
                if (list.Count > K)
                {
                    list.RemoveRange(K, list.Count - K);
                }
            });
        }

        return [.. best.Select(list => list.Select(e => e.Id).ToArray())];
    }

    private static double Recall(IReadOnlyList<CatalogHit>[] found, string[][] exact)
    {
        var hits = 0;
        var wanted = 0;
        for (var i = 0; i < found.Length; i++)
        {
            hits += found[i].Select(h => h.Id).Intersect(exact[i]).Count();
            wanted += exact[i].Length;
        }

        return (double)hits / wanted;
    }

    private long IndexSize(string index)
    {
        using var command = _dataSource.CreateCommand("SELECT coalesce(pg_relation_size(to_regclass($1)), 0)");
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Times one search of each query after one warm-up search: the p50 and p99 in milliseconds, and the results.</summary>
    /// <param name="search">The search.</param>
    /// <param name="queries">The queries.</param>
    /// <returns>The p50, the p99 and each query's hits.</returns>
    internal static (double P50, double P99, IReadOnlyList<CatalogHit>[] Results) Measure(Func<CatalogQuery, Task<IReadOnlyList<CatalogHit>>> search, CatalogQuery[] queries)
    {
        search(queries[0]).GetAwaiter().GetResult();
        var times = new double[queries.Length];
        var results = new IReadOnlyList<CatalogHit>[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            results[i] = search(queries[i]).GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[queries.Length / 2], times[Math.Max(0, (int)Math.Ceiling(queries.Length * 0.99) - 1)], results);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Loading a catalog (today's layout: its HNSW build, 78 minutes at 200,000 items here) takes far longer than the in-process default limit.
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(8), logOutput: true)).WithWarmupCount(1).WithIterationCount(3));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
