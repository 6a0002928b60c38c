using System.Collections.Concurrent;
using System.Diagnostics;
using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>
/// Synthetic catalogs for the embedded store benchmarks, built once per process and shared by every
/// benchmark of the same size and precision (building 50k items writes 1.6 GB).
/// </summary>
internal static class SyntheticCatalog
{
    /// <summary>The number of categories; a one-category search scans 1/6 of the items, like the demo catalog's 6.</summary>
    public const int Categories = 6;

    private static readonly ConcurrentDictionary<(int, EmbeddedVectorPrecision), EmbeddedCatalogStore> Stores = new();

    public static string Category(int index) => "category-" + (index % Categories);

    public static bool IsBuilt(int items, EmbeddedVectorPrecision precision) => Stores.ContainsKey((items, precision));

    public static EmbeddedCatalogStore Get(int items, EmbeddedVectorPrecision precision) =>
        Stores.GetOrAdd((items, precision), key => Build(key.Item1, key.Item2));

    private static EmbeddedCatalogStore Build(int count, EmbeddedVectorPrecision precision)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"mms-bench-{count}-{precision}-{Environment.ProcessId}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var started = Stopwatch.GetTimestamp();
        var store = EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = directory, VectorPrecision = precision }).GetAwaiter().GetResult();
        const int batch = 1000;
        for (var first = 0; first < count; first += batch)
        {
            var items = Enumerable.Range(first, Math.Min(batch, count - first))
                .Select(i => new CatalogItem { Id = "item-" + i, Category = Category(i), Name = "Item " + i, Embedding = SyntheticEmbeddings.Image(i) })
                .ToList();
            store.UpsertAsync(items).GetAwaiter().GetResult();
        }

        Console.WriteLine($"// Built {count} items ({precision}) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s in {directory}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            store.Dispose();
            Directory.Delete(directory, recursive: true);
        };
        return store;
    }
}
