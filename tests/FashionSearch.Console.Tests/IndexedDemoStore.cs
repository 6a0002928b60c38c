using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// The demo catalog indexed once, with <c>index</c>, into an embedded store that the tests of the
/// <see cref="IndexedDemoStoreCollection"/> share; they only read it.
/// </summary>
public sealed class IndexedDemoStore : IAsyncLifetime
{
    public StoreUnderTest Store { get; } = new EmbeddedStoreUnderTest();

    public string Spec => Store.Spec;

    public async Task InitializeAsync()
    {
        var result = await CliRunner.RunAsync(["index", TestPaths.DemoCatalog, "--store", Store.Spec, "--json"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Indexing the demo catalog failed: {result}");
        }
    }

    public Task DisposeAsync() => Store.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class IndexedDemoStoreCollection : ICollectionFixture<IndexedDemoStore>
{
    public const string Name = "indexed demo store";
}
