using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Postgres;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// pgvector store search, text query, k = 10, one category filter (a sixth of the items), over clustered
/// catalogs of 10,000 and 50,000 items x 32 query vectors: the store against the same SQL issued directly with
/// Npgsql (the baseline: library overhead), and against pgvector's exact scan of the same rows. Run with
/// <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *PgVectorSearch*</c>
/// and MULTIMODALSEARCH_BENCH_POSTGRES set.
/// </summary>
/// <remarks>
/// In-process so that each catalog loads once (and stays in the server between runs). The setup also prints
/// p50/p99 latencies of the store's and of the exact searches, and the recall@10 of the store against the exact scan.
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class PgVectorSearchBenchmarks
{
    private const int QueryVariants = 200;
    private const int K = 10;

    // The setup runs once per benchmark method; the latency report is needed once per catalog size.
    private static readonly HashSet<int> Reported = [];
    private readonly ClusteredCatalog _generator = new(seed: 11);
    private PgVectorCatalogStore _store = null!;
    private NpgsqlDataSource _dataSource = null!;
    private CatalogQuery[] _queries = [];
    private readonly PgVectorCatalogOptions _options = new();
    private readonly PgVectorCatalogShape _shape = new(ClusteredCatalog.Dimensions, ClusteredCatalog.QueryCount);
    private PgVectorSearcher _searcher = null!;
    private int _next;

    [Params(10_000, 50_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = "bench_" + Items.ToString(CultureInfo.InvariantCulture);
        _store = PostgresBenchmarkServer.OpenLoaded(collection, Items, _generator);
        _dataSource = PostgresBenchmarkServer.CreateDataSource();
        var names = PgVectorCatalogNames.Create(PostgresBenchmarkServer.Schema, collection);
        _searcher = new PgVectorSearcher(names, _options, NullLogger.Instance);
        _queries = [.. Enumerable.Range(0, QueryVariants).Select(i => new CatalogQuery
        {
            Text = _generator.Text(i, i % ClusteredCatalog.Categories),
            Categories = [ClusteredCatalog.Category(i % ClusteredCatalog.Categories)],
            Top = K,
        })];
        if (Reported.Add(Items))
        {
            Report();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
    }

    /// <summary>The same statements as the store's HNSW search, issued directly with Npgsql and scored the same way.</summary>
    [Benchmark(Baseline = true)]
    public Task<List<CatalogHit>> RawNpgsql() => RawSearchAsync(_queries[_next++ % QueryVariants], exact: false);

    [Benchmark]
    public Task<IReadOnlyList<CatalogHit>> Store() => _store.SearchAsync(_queries[_next++ % QueryVariants]);

    /// <summary>pgvector's exact scan: every query vector of the category compared, no index.</summary>
    [Benchmark]
    public Task<List<CatalogHit>> ExactScan() => RawSearchAsync(_queries[_next++ % QueryVariants], exact: true);

    private async Task<List<CatalogHit>> RawSearchAsync(CatalogQuery query, bool exact)
    {
        var plan = PgVectorSearchPlan.Create(query, _options);
        await using var connection = await _dataSource.OpenConnectionAsync();

        // The store's own statements and parameters, without the store around them.
        await using var batch = _searcher.CreateBatch(connection, plan, exact);
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var hits = new List<CatalogHit>();
        while (await reader.ReadAsync())
        {
            var item = PgVectorItemReader.Read(reader, _shape);
            hits.Add(CatalogScoring.Hit(item, CatalogScoring.Score(query, item.Embedding.Vectors.Span, ClusteredCatalog.Dimensions)));
        }

        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return hits.Count > query.Top ? hits[..query.Top] : hits;
    }

    private void Report()
    {
        var store = Measure(q => _store.SearchAsync(q));
        var exact = Measure(async q => (IReadOnlyList<CatalogHit>)await RawSearchAsync(q, exact: true));
        var found = 0;
        for (var i = 0; i < QueryVariants; i++)
        {
            found += store.Results[i].Select(h => h.Id).Intersect(exact.Results[i].Select(h => h.Id)).Count();
        }

        // Photos of the queried category (item index and category agree modulo 6).
        var photos = _queries.Select((q, i) => q with { Text = null, Image = _generator.Items(6_000_000 + i, 1)[0].Embedding }).ToArray();
        var image = Measure(q => _store.SearchAsync(photos[Array.IndexOf(_queries, q)]));
        Console.WriteLine($"// LATENCY {Items} items, store (HNSW): p50 {store.P50:F2} ms, p99 {store.P99:F2} ms; exact scan: p50 {exact.P50:F2} ms, p99 {exact.P99:F2} ms; over {QueryVariants} searches");
        Console.WriteLine($"// LATENCY {Items} items, store photo search (32 query vectors): p50 {image.P50:F2} ms, p99 {image.P99:F2} ms");
        Console.WriteLine($"// RECALL@{K} {Items} items, store against the exact scan: {(double)found / (QueryVariants * K):F4}");
    }

    private (double P50, double P99, IReadOnlyList<CatalogHit>[] Results) Measure(Func<CatalogQuery, Task<IReadOnlyList<CatalogHit>>> search)
    {
        search(_queries[0]).GetAwaiter().GetResult();
        var times = new double[QueryVariants];
        var results = new IReadOnlyList<CatalogHit>[QueryVariants];
        for (var i = 0; i < QueryVariants; i++)
        {
            var started = Stopwatch.GetTimestamp();
            results[i] = search(_queries[i]).GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[QueryVariants / 2], times[(int)(QueryVariants * 0.99) - 1], results);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Loading the 50,000-item catalog (its HNSW build) takes far longer than the in-process default limit.
            AddJob(Job.ShortRun.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)).WithWarmupCount(2).WithIterationCount(5));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
