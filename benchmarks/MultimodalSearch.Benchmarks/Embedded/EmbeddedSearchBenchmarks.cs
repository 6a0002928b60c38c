using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// Embedded store search, k = 10, one category filter (1/6 of the items), against the memory-bandwidth floor:
/// the time to read once, on all cores, as many bytes as the search scans. Run with
/// <c>dotnet run -c Release --project benchmarks/MultimodalSearch.Benchmarks -- --filter *EmbeddedSearch*</c>.
/// </summary>
/// <remarks>
/// In-process so that the catalogs (up to 1.6 GB) are built once and shared; the setup also prints
/// p50/p99 latencies of 200 text and 50 image searches.
/// </remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EmbeddedSearchBenchmarks
{
    private const int QueryVariants = 200;
    private static readonly HashSet<(int, EmbeddedVectorPrecision)> Printed = [];
    private EmbeddedCatalogStore _store = null!;
    private CatalogQuery[] _textQueries = [];
    private CatalogQuery[] _imageQueries = [];
    private float[] _scannedBytesAsFloats = [];
    private int _next;

    [Params(10_000, 50_000)]
    public int Items { get; set; }

    [Params(EmbeddedVectorPrecision.Float32, EmbeddedVectorPrecision.Float16)]
    public EmbeddedVectorPrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = SyntheticCatalog.Get(Items, Precision);
        string[] filter = [SyntheticCatalog.Category(0)];
        _textQueries = [.. Enumerable.Range(0, QueryVariants).Select(i => new CatalogQuery { Text = SyntheticEmbeddings.Text(1_000_000 + i), Categories = filter, Top = 10 })];
        _imageQueries = [.. Enumerable.Range(0, QueryVariants).Select(i => new CatalogQuery { Image = SyntheticEmbeddings.Image(2_000_000 + i), Categories = filter, Top = 10 })];

        // As many bytes as the search scans: one category's vectors, in the store's precision.
        var scannedItems = (Items + SyntheticCatalog.Categories - 1) / SyntheticCatalog.Categories;
        var bytesPerValue = Precision == EmbeddedVectorPrecision.Float16 ? 2 : 4;
        var scannedBytes = (long)scannedItems * SyntheticEmbeddings.QueryCount * SyntheticEmbeddings.Dimensions * bytesPerValue;
        _scannedBytesAsFloats = new float[scannedBytes / sizeof(float)];
        new Random(1).NextBytes(MemoryMarshal.AsBytes(_scannedBytesAsFloats.AsSpan()));
        TensorPrimitives.Abs(_scannedBytesAsFloats, _scannedBytesAsFloats);
        if (Printed.Add((Items, Precision)))
        {
            PrintLatencies();
        }
    }

    /// <summary>Reads every scanned byte once (as floats, summed), split over all cores like the search.</summary>
    [Benchmark(Baseline = true)]
    public float BandwidthFloor()
    {
        const int block = 1 << 20;
        var blocks = (_scannedBytesAsFloats.Length + block - 1) / block;
        var sums = new float[blocks];
        Parallel.For(0, blocks, b => sums[b] = TensorPrimitives.Sum(_scannedBytesAsFloats.AsSpan(b * block, Math.Min(block, _scannedBytesAsFloats.Length - (b * block)))));
        return TensorPrimitives.Sum(sums);
    }

    [Benchmark]
    public async Task<int> SearchByText() => (await _store.SearchAsync(_textQueries[_next++ % QueryVariants])).Count;

    [Benchmark]
    public async Task<int> SearchByImage() => (await _store.SearchAsync(_imageQueries[_next++ % QueryVariants])).Count;

    private void PrintLatencies()
    {
        Measure("text", _textQueries, 200);
        Measure("image", _imageQueries, 50);
    }

    private void Measure(string kind, CatalogQuery[] queries, int runs)
    {
        _store.SearchAsync(queries[0]).GetAwaiter().GetResult();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            _store.SearchAsync(queries[i % queries.Length]).GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"// LATENCY {Items} items {Precision} {kind}: p50 {times[runs / 2]:F2} ms, p99 {times[(int)(runs * 0.99) - 1]:F2} ms over {runs} searches");
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(5));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
