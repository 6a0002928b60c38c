using MultimodalSearch.Blip2;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// The real demo BLIP-2 model and the 360-product demo catalog indexed once into an embedded store in a
/// temporary folder, shared by the end-to-end workflow tests.
/// </summary>
public sealed class DemoCatalogFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workflow-demo-catalog-").FullName;
    private Blip2Embedder? _embedder;
    private EmbeddedCatalogStore? _store;

    public IMultimodalEmbedder Embedder => _embedder ?? throw new InvalidOperationException("Not initialised.");

    public ICatalogStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Gets the demo catalog's rows by id: articleType, baseColour, pattern, productDisplayName, image.</summary>
    public IReadOnlyDictionary<string, string[]> Styles => DemoStyles.Rows;

    public async Task InitializeAsync()
    {
        _embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
        _store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_folder, "store") });
        var summary = await new CatalogIngestor(_embedder, _store).IngestAsync(CatalogSource.Open(TestPaths.DemoCatalog));
        if (summary.Failed.Count > 0 || await _store.CountAsync() != Styles.Count)
        {
            throw new InvalidOperationException($"Indexing the demo catalog failed: {summary}.");
        }
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        _embedder?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Gets the path of demo product <paramref name="id"/>'s image.</summary>
    public string ImagePath(string id) => Path.Combine(TestPaths.DemoCatalog, Styles[id][5]);

    /// <summary>Gets the colour of demo product <paramref name="id"/>.</summary>
    public string Colour(string id) => Styles[id][2];
}
