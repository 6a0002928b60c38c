using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MultimodalSearch.Blip2;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// Chooses the image-to-image similarity by measurement on the demo catalog: each of the 360 products is
/// the photo query (left out of the ranking), and the ranking by each <see cref="ImageSimilarity"/> is
/// judged by styles.csv attributes. The setup prints the quality table; the benchmark times one photo
/// against the whole catalog with each similarity.
/// </summary>
[Config(typeof(Config))]
public class ImageSimilarityBenchmarks
{
    private static List<(string Category, string Colour, string Pattern, ImageEmbedding Embedding)>? catalog;

    [Params(ImageSimilarity.MeanOfBestMatches, ImageSimilarity.BestPair, ImageSimilarity.MeanPooledCosine)]
    public ImageSimilarity Similarity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (catalog is null)
        {
            catalog = EmbedDemoCatalog();
            foreach (var kind in Enum.GetValues<ImageSimilarity>())
            {
                Console.WriteLine("// QUALITY " + Evaluate(catalog, kind));
            }
        }
    }

    [Benchmark]
    public float PhotoAgainstCatalog()
    {
        var query = catalog![0].Embedding;
        var sum = 0f;
        foreach (var item in catalog)
        {
            sum += EmbeddingSimilarity.ImageToImage(query, item.Embedding, Similarity);
        }

        return sum;
    }

    private static string Evaluate(List<(string Category, string Colour, string Pattern, ImageEmbedding Embedding)> items, ImageSimilarity kind)
    {
        double twinAtOne = 0, twinReciprocalRank = 0, categoryAtTen = 0, categoryColourAtTen = 0, allAtTen = 0;
        for (var q = 0; q < items.Count; q++)
        {
            var query = items[q];
            var ranked = Enumerable.Range(0, items.Count)
                .Where(i => i != q)
                .Select(i => (Index: i, Score: EmbeddingSimilarity.ImageToImage(query.Embedding, items[i].Embedding, kind)))
                .OrderByDescending(r => r.Score)
                .ThenBy(r => r.Index)
                .Select(r => items[r.Index])
                .ToList();
            var twin = ranked.FindIndex(i => i.Category == query.Category && i.Colour == query.Colour && i.Pattern == query.Pattern);
            twinAtOne += twin == 0 ? 1 : 0;
            twinReciprocalRank += 1.0 / (twin + 1);
            var top = ranked.Take(10).ToList();
            categoryAtTen += top.Count(i => i.Category == query.Category) / 10.0;
            categoryColourAtTen += top.Count(i => i.Category == query.Category && i.Colour == query.Colour) / 10.0;
            allAtTen += top.Count(i => i.Category == query.Category && i.Colour == query.Colour && i.Pattern == query.Pattern) / 10.0;
        }

        var n = items.Count;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{kind}: twin@1 {twinAtOne / n:F3}, twin MRR {twinReciprocalRank / n:F3}, P@10 category {categoryAtTen / n:F3}, category+colour {categoryColourAtTen / n:F3}, category+colour+pattern {allAtTen / n:F3}");
    }

    private static List<(string, string, string, ImageEmbedding)> EmbedDemoCatalog()
    {
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        var rows = File.ReadAllLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var images = rows.Select(row => ImageInput.FromFile(Path.Combine(TestPaths.DemoCatalog, row[5]))).ToList();
        var embeddings = embedder.EmbedImagesAsync(images).GetAwaiter().GetResult();
        return [.. rows.Select((row, i) => (row[1], row[2], row[3], embeddings[i]))];
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
