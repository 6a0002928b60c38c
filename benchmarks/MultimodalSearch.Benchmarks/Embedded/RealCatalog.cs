using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MultimodalSearch.Blip2;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// A catalog of real images embedded by the demo model, for the real-catalog suites: <c>variants</c> (the
/// <see cref="VariantCatalog"/>, written on first use) or a <c>styles.csv</c> folder (for instance Fashion-MNIST from
/// <c>../shared/tools/fashion_mnist_catalog.py</c>), named by <c>MULTIMODALSEARCH_BENCH_REAL_CATALOGS=DIR[,DIR]</c>.
/// The embeddings are kept in an embedded store under the temp folder, keyed by the source folder, so that a re-run
/// (of any suite) does not embed again.
/// </summary>
internal static class RealCatalog
{
    /// <summary>Gets the catalogs named by the environment, or the variant catalog.</summary>
    public static IEnumerable<string> Sources =>
        Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_REAL_CATALOGS") is { Length: > 0 } spec
            ? spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : ["variants"];

    /// <summary>Opens the embedded store of <paramref name="source"/>'s embeddings, embedding what it does not hold yet.</summary>
    /// <param name="source"><c>variants</c> or a catalog folder.</param>
    /// <returns>The store and a key that names the catalog.</returns>
    public static (EmbeddedCatalogStore Store, string Key) Open(string source)
    {
        var folder = source == "variants" ? Path.Combine(Path.GetTempPath(), "mms-bench-variant-catalog") : Path.GetFullPath(source);
        if (source == "variants" && !File.Exists(Path.Combine(folder, "styles.csv")))
        {
            VariantCatalog.Write(folder);
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..12];
        var store = EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(Path.GetTempPath(), "mms-bench-real-" + key) }).GetAwaiter().GetResult();
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        var started = Stopwatch.GetTimestamp();
        var summary = new CatalogIngestor(embedder, store).IngestAsync(CatalogSource.Open(folder)).GetAwaiter().GetResult();
        Console.WriteLine($"// REAL {source}: {store.CountAsync().GetAwaiter().GetResult()} items, ingestion {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s ({summary.Failed.Count} failed)");
        return (store, key.ToLowerInvariant());
    }

    /// <summary>Gets every item of <paramref name="store"/>, ordered by id.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The items.</returns>
    public static List<CatalogItem> Items(EmbeddedCatalogStore store) =>
        [.. store.GetContentHashesAsync().GetAwaiter().GetResult().Keys.Order(StringComparer.Ordinal).Select(id => store.GetAsync(id).GetAwaiter().GetResult()!)];

    /// <summary>
    /// The queries the real-catalog suites measure: every 20th item's photo (<c>MULTIMODALSEARCH_BENCH_REAL_PHOTO_STRIDE</c>
    /// changes the 20, for large catalogs), over the whole catalog and in its category,
    /// and texts: the demo's reference texts, the catalog folder's own (<c>queries.jsonl</c>, as the Fashion-MNIST tool
    /// writes them) and a fixed set of shopper phrasings, embedded by the demo model.
    /// </summary>
    /// <param name="source"><c>variants</c> or a catalog folder.</param>
    /// <param name="items">The catalog's items, ordered by id.</param>
    /// <returns>The three query sets.</returns>
    public static (CatalogQuery[] Photos, CatalogQuery[] PhotosInCategory, CatalogQuery[] Texts) Queries(string source, List<CatalogItem> items)
    {
        var stride = Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_REAL_PHOTO_STRIDE") is { Length: > 0 } every ? int.Parse(every, System.Globalization.CultureInfo.InvariantCulture) : 20;
        var photos = items.Where((_, i) => i % stride == 0).ToList();
        var texts = new List<string>(ShopperTexts);
        var own = Path.Combine(source, "queries.jsonl");
        if (source != "variants" && File.Exists(own))
        {
            // Only its texts: its photo queries (imageId lines) are covered by the photos above.
            texts.AddRange(File.ReadLines(own).Where(line => line.Length > 0)
                .Select(line => JsonDocument.Parse(line).RootElement.TryGetProperty("text", out var text) ? text.GetString() : null)
                .OfType<string>());
        }

        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        var embedded = embedder.EmbedTextsAsync(texts).GetAwaiter().GetResult();
        return (
            [.. photos.Select(item => new CatalogQuery { Image = item.Embedding, Top = 10 })],
            [.. photos.Select(item => new CatalogQuery { Image = item.Embedding, Categories = [item.Category], Top = 10 })],
            [
                .. Enumerable.Range(0, DemoReference.Instance.Queries.Count).Select(q => new CatalogQuery { Text = DemoReference.Instance.QueryTextEmbedding(q), Top = 10 }),
                .. embedded.Select(text => new CatalogQuery { Text = text, Top = 10 }),
            ]);
    }

    /// <summary>Shopper phrasings beyond the demo's reference texts (fixed, so that runs compare).</summary>
    private static readonly string[] ShopperTexts =
    [
        "black sneakers", "a red dress", "a warm winter coat", "leather sandals", "a white shirt with buttons", "a handbag",
        "high heels", "a striped t-shirt", "blue jeans", "a knitted sweater", "a summer dress with flowers", "running shoes",
        "a long sleeve top", "an evening bag", "boots for hiking", "a casual shirt", "a plain grey pullover", "a short skirt",
        "a jacket", "shoes",
    ];
}

/// <summary>The parameter of the real-catalog suites: which catalog (<see cref="RealCatalog.Sources"/>).</summary>
public abstract class RealCatalogSuite
{
    /// <summary>Gets the catalogs to run.</summary>
    public static IEnumerable<string> Sources => RealCatalog.Sources;

    /// <summary>Gets or sets the catalog: <c>variants</c> or a folder.</summary>
    [BenchmarkDotNet.Attributes.ParamsSource(nameof(Sources))]
    public string Source { get; set; } = "";
}
