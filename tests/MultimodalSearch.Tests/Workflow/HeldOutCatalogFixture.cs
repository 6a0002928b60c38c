using MultimodalSearch.Blip2;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// The demo catalog with one of the two renders of every product held out: the catalog holds the first render, and
/// the second is a photo it has never seen (a shopper's photo of a product like one the shop sells).
/// </summary>
public sealed class HeldOutCatalogFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("held-out-catalog-").FullName;
    private Blip2Embedder? _embedder;
    private EmbeddedCatalogStore? _store;

    public IMultimodalEmbedder Embedder => _embedder ?? throw new InvalidOperationException("Not initialised.");

    public ICatalogStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Gets every demo product's row by id: id, articleType, baseColour, pattern, productDisplayName, image.</summary>
    public IReadOnlyDictionary<string, string[]> Styles => DemoStyles.Rows;

    /// <summary>Gets the held-out renders (the second of each product), in catalog order.</summary>
    public IReadOnlyList<string> HeldOut => [.. Styles.Keys.Where((_, i) => i % 2 == 1)];

    public async Task InitializeAsync()
    {
        var catalog = Path.Combine(_folder, "catalog");
        var lines = new List<string> { File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv")).First() };
        foreach (var (id, row) in Styles.Where((_, i) => i % 2 == 0))
        {
            var target = Path.Combine(catalog, row[5]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestPaths.DemoCatalog, row[5]), target);
            lines.Add(string.Join(',', row));
        }

        await File.WriteAllLinesAsync(Path.Combine(catalog, "styles.csv"), lines);
        _embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        _store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_folder, "store") });
        var summary = await new CatalogIngestor(_embedder, _store).IngestAsync(CatalogSource.Open(catalog));
        if (summary.Failed.Count > 0 || await _store.CountAsync() != Styles.Count / 2)
        {
            throw new InvalidOperationException($"Indexing the held-out catalog failed: {summary}.");
        }
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        _embedder?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Gets the path of demo product <paramref name="id"/>'s image (held out or not).</summary>
    public string ImagePath(string id) => Path.Combine(TestPaths.DemoCatalog, Styles[id][5]);
}
