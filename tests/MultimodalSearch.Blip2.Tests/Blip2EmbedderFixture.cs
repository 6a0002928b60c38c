using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

/// <summary>Loads the tiny and demo models once for all embedder tests.</summary>
public sealed class Blip2EmbedderFixture : IDisposable
{
    public Blip2EmbedderFixture()
    {
        Tiny = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel });
        Demo = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.DemoModel });
    }

    public Blip2Embedder Tiny { get; }

    public Blip2Embedder Demo { get; }

    public void Dispose()
    {
        Tiny.Dispose();
        Demo.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class Blip2Collection : ICollectionFixture<Blip2EmbedderFixture>
{
    public const string Name = "BLIP-2 models";
}
