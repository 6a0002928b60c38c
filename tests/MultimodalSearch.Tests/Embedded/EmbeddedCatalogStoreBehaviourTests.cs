using MultimodalSearch.Embedded;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>The shared store behaviour suite against the embedded store with float32 vectors.</summary>
public class EmbeddedCatalogStoreBehaviourTests : CatalogStoreBehaviourTests, IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _root = new();
    private readonly List<EmbeddedCatalogStore> _stores = [];

    protected virtual EmbeddedVectorPrecision Precision => EmbeddedVectorPrecision.Float32;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task<ICatalogStore> CreateEmptyStoreAsync()
    {
        var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions
        {
            Directory = _root.Combine("store-" + _stores.Count),
            VectorPrecision = Precision,
        });
        _stores.Add(store);
        return store;
    }
}
