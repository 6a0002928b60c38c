using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Blip2;
using MultimodalSearch.Testing;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.DependencyInjection;

/// <summary>
/// The registration rules of docs/architecture.md: <c>Add...</c> registers and the last registration wins, <c>Use...</c>
/// wraps, a keyed chat client can serve the assistant alone, and search texts go through the container's embedding generator.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class RegistrationRulesTests(DemoCatalogFixture demo)
{
    private static readonly IConfiguration Model = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["MultimodalSearch:Blip2:ModelDirectory"] = TestPaths.DemoModel })
        .Build();

    [Fact]
    public async Task The_last_embedder_added_wins_whichever_way_it_was_added()
    {
        var services = new ServiceCollection();
        services.AddSingleton(demo.Embedder);
        services.AddMultimodalFashionSearch(Model).AddBlip2Onnx();
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<Blip2Embedder>(provider.GetRequiredService<IMultimodalEmbedder>());
        }

        services.AddSingleton(demo.Embedder);
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(demo.Embedder, provider.GetRequiredService<IMultimodalEmbedder>());
        }
    }

    [Fact]
    public async Task The_last_chat_client_added_is_the_one_the_assistant_uses()
    {
        var first = new ScriptedChatClient();
        var last = ShoesScript();
        var services = Workflow();
        services.AddChatClient(first);
        services.AddChatClient(last);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("something for my feet"));

        Assert.Equal((ResultSource.Llm, ResultSource.Llm), (result.ClassifiedBy, result.AdvisedBy));
        Assert.Equal(2, last.Calls.Count);
        Assert.Empty(first.Calls);
    }

    [Fact]
    public async Task WithChatClient_gives_the_assistant_the_keyed_client_and_leaves_the_unkeyed_one_to_the_app()
    {
        var app = new ScriptedChatClient();
        var assistant = ShoesScript();
        var services = Workflow();
        services.AddChatClient(app);
        services.AddKeyedChatClient("assistant", assistant);
        services.AddMultimodalFashionSearch(Model).WithChatClient("assistant");
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("something for my feet"));

        Assert.Equal("These shoes are a classic.", result.Advice);
        Assert.Equal("shoes", Assert.Single(result.Items).Category);
        Assert.Equal(2, assistant.Calls.Count);
        Assert.Empty(app.Calls);
        Assert.Same(app, provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void WithChatClient_naming_a_key_nobody_registered_says_so()
    {
        var services = Workflow();
        services.AddMultimodalFashionSearch(Model).WithChatClient("assistant");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IIntentClassifier>());

        Assert.Contains("WithChatClient(assistant)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_embedding_generator_is_the_embedders_text_encoder_by_default()
    {
        var services = Workflow();
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embedding = await generator.GenerateAsync("black t-shirt");
        var direct = await demo.Embedder.EmbedTextAsync("black t-shirt");

        Assert.Same(demo.Embedder, generator.GetService<IMultimodalEmbedder>());
        Assert.Equal(direct.Vector.ToArray(), embedding.Vector.ToArray());
    }

    [Fact]
    public async Task The_workflow_embeds_its_search_texts_through_the_registered_generator_and_its_middleware()
    {
        var recorded = new List<string>();
        var services = Workflow();
        services.AddEmbeddingGenerator(sp => sp.GetRequiredService<IMultimodalEmbedder>().AsTextEmbeddingGenerator())
            .Use(inner => new RecordingEmbeddingGenerator(inner, recorded));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("show me two black t-shirts"));

        Assert.Equal(2, result.Items.Count);
        Assert.All(result.Items, item => Assert.Equal("black", demo.Colour(item.Id)));
        Assert.Contains(recorded, text => text.Contains("black", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_generator_for_another_model_is_refused_when_the_workflow_is_built()
    {
        var services = Workflow();
        services.AddEmbeddingGenerator(_ => new OtherModelGenerator());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<FashionSearchWorkflow>());

        Assert.Equal("textEmbeddings", error.ParamName);
        Assert.Contains("3-dimensional", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_store_and_model_options_fail_at_start_up_naming_their_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MultimodalSearch:Blip2:ModelDirectory"] = TestPaths.DemoModel,
            ["MultimodalSearch:Blip2:IntraOpThreads"] = "-1",
            ["MultimodalSearch:Blip2:MaxBatchSize"] = "0",
            ["MultimodalSearch:Blip2:Image:MaxPixels"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx().AddEmbeddedCatalog();
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("MultimodalSearch:Blip2:IntraOpThreads must be between 0 and 1024; got -1.", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Blip2:MaxBatchSize must be between 1 and 4096; got 0.", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Blip2:Image:MaxPixels must be at least 1; got 0.", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Embedded:Directory is required", message, StringComparison.Ordinal);
    }

    private static ScriptedChatClient ShoesScript() => new ScriptedChatClient()
        .Reply("""{"categories": ["shoes"], "count": 1}""")
        .Reply("""{"answer": "These shoes are a classic."}""");

    private ServiceCollection Workflow()
    {
        var services = new ServiceCollection();
        services.AddSingleton(demo.Store);
        services.AddSingleton(demo.Embedder);
        services.AddMultimodalFashionSearch(Model);
        return services;
    }

    private sealed class RecordingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, List<string> recorded)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            lock (recorded)
            {
                recorded.AddRange(texts);
            }

            return base.GenerateAsync(texts, options, cancellationToken);
        }
    }

    private sealed class OtherModelGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly EmbeddingGeneratorMetadata _metadata = new("other", null, "other-model", 3);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(new float[] { 1, 0, 0 }))));

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : null;

        public void Dispose()
        {
        }
    }
}
