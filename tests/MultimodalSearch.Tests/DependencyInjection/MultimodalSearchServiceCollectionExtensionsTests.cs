using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.DependencyInjection;

[Collection(DemoCatalogCollection.Name)]
public sealed class MultimodalSearchServiceCollectionExtensionsTests(DemoCatalogFixture demo) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workflow-di-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_console_app_gets_a_working_offline_workflow_in_a_few_lines()
    {
        var configuration = Configuration(new() { ["MultimodalSearch:Blip2:ModelDirectory"] = TestPaths.DemoModel });
        var services = new ServiceCollection();
        services.AddSingleton(demo.Store);

        services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx();
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("show me two black t-shirts"));

        Assert.IsType<KeywordIntentClassifier>(provider.GetRequiredService<IIntentClassifier>());
        Assert.IsType<TemplateStylistAssistant>(provider.GetRequiredService<IStylistAssistant>());
        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Equal(2, result.Items.Count);
        Assert.All(result.Items, item => Assert.Equal("black", demo.Colour(item.Id)));
    }

    [Fact]
    public async Task A_registered_chat_client_is_used_by_the_classifier_and_the_stylist()
    {
        var chat = new ScriptedChatClient()
            .Reply("""{"categories": ["shoes"], "count": 1}""")
            .Reply("""{"answer": "These shoes are a classic."}""");
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(chat);
        services.AddSingleton(demo.Store);
        services.AddSingleton(demo.Embedder);

        services.AddMultimodalFashionSearch(Configuration([]));
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("something for my feet"));

        Assert.IsType<ChatIntentClassifier>(provider.GetRequiredService<IIntentClassifier>());
        Assert.IsType<ChatStylistAssistant>(provider.GetRequiredService<IStylistAssistant>());
        Assert.Equal(ResultSource.Llm, result.ClassifiedBy);
        Assert.Equal(ResultSource.Llm, result.AdvisedBy);
        Assert.Equal("These shoes are a classic.", result.Advice);
        Assert.Equal("shoes", Assert.Single(result.Items).Category);
    }

    [Fact]
    public void Options_are_read_from_their_sections()
    {
        var configuration = Configuration(new()
        {
            ["MultimodalSearch:Workflow:TextWeight"] = "3",
            ["MultimodalSearch:Workflow:ImageWeight"] = "0.5",
            ["MultimodalSearch:Workflow:RequestTimeout"] = "00:00:05",
            ["MultimodalSearch:Workflow:SearchWithCategoryPhrases"] = "false",
            ["MultimodalSearch:Workflow:ImageSimilarity"] = "BestPair",
            ["MultimodalSearch:Intent:MaxItems"] = "4",
            ["MultimodalSearch:Intent:LlmTimeout"] = "00:00:02",
            ["MultimodalSearch:Intent:Synonyms:kicks"] = "shoes",
            ["MultimodalSearch:Stylist:MaxImages"] = "2",
            ["MultimodalSearch:Stylist:MaxImageBytesTotal"] = "12345",
            ["MultimodalSearch:Stylist:ImageMaxSide"] = "256",
        });
        var services = new ServiceCollection();

        services.AddMultimodalFashionSearch(configuration);
        using var provider = services.BuildServiceProvider();

        var workflow = provider.GetRequiredService<IOptions<FashionSearchOptions>>().Value;
        Assert.Equal((3f, 0.5f, TimeSpan.FromSeconds(5), false, ImageSimilarity.BestPair), (workflow.TextWeight, workflow.ImageWeight, workflow.RequestTimeout, workflow.SearchWithCategoryPhrases, workflow.ImageSimilarity));
        var intent = provider.GetRequiredService<IOptions<IntentClassifierOptions>>().Value;
        Assert.Equal((4, TimeSpan.FromSeconds(2), "shoes"), (intent.MaxItems, intent.LlmTimeout, intent.Synonyms["kicks"]));
        var stylist = provider.GetRequiredService<IOptions<StylistOptions>>().Value;
        Assert.Equal((2, 12345, 256), (stylist.MaxImages, stylist.MaxImageBytesTotal, stylist.ImageMaxSide));
    }

    [Fact]
    public async Task Configured_options_change_what_the_offline_classifier_does()
    {
        var configuration = Configuration(new() { ["MultimodalSearch:Intent:MaxItems"] = "4", ["MultimodalSearch:Intent:Synonyms:kicks"] = "shoes" });
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(configuration);
        using var provider = services.BuildServiceProvider();
        var classifier = provider.GetRequiredService<IIntentClassifier>();

        var result = await classifier.ClassifyAsync(new IntentRequest("nine pairs of kicks", ["shoes", "pants"]));

        Assert.Equal(["shoes"], result.Categories);
        Assert.Equal(4, result.Count);
    }

    [Fact]
    public void The_MultimodalSearch_section_itself_may_be_passed()
    {
        var configuration = Configuration(new() { ["MultimodalSearch:Workflow:TextWeight"] = "5" });
        var services = new ServiceCollection();

        var builder = services.AddMultimodalFashionSearch(configuration.GetSection("MultimodalSearch"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("5", builder.Configuration["Workflow:TextWeight"]);
        Assert.Equal(5f, provider.GetRequiredService<IOptions<FashionSearchOptions>>().Value.TextWeight);
    }

    [Fact]
    public async Task Invalid_options_fail_at_startup_with_messages_that_name_the_keys()
    {
        var configuration = Configuration(new()
        {
            ["MultimodalSearch:Workflow:TextWeight"] = "0",
            ["MultimodalSearch:Workflow:ImageWeight"] = "0",
            ["MultimodalSearch:Workflow:RequestTimeout"] = "-00:00:01",
            ["MultimodalSearch:Intent:MaxItems"] = "0",
            ["MultimodalSearch:Stylist:ImageMaxSide"] = "4",
            ["MultimodalSearch:Stylist:ImageBaseDirectory"] = Path.Combine(_folder, "missing"),
            ["MultimodalSearch:Ingestion:EmbeddingConcurrency"] = "0",
        });
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(configuration);
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        var message = error is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains("MultimodalSearch:Workflow:TextWeight and ImageWeight", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Workflow:RequestTimeout must be positive", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Intent:MaxItems must be at least 1", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Stylist:ImageMaxSide must be at least 16", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Stylist:ImageBaseDirectory", message, StringComparison.Ordinal);
        Assert.Contains("MultimodalSearch:Ingestion:EmbeddingConcurrency", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ingestor_is_registered_with_the_ingestion_options_and_indexes_into_the_registered_store()
    {
        var configuration = Configuration(new()
        {
            ["MultimodalSearch:Ingestion:EmbeddingConcurrency"] = "3",
            ["MultimodalSearch:Ingestion:EmbeddingBatchSize"] = "2",
            ["MultimodalSearch:Embedded:Directory"] = Path.Combine(_folder, "store"),
        });
        var catalog = Directory.CreateDirectory(Path.Combine(_folder, "catalog", "shoes")).FullName;
        foreach (var image in Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images", "shoes")).Order(StringComparer.Ordinal).Take(5))
        {
            File.Copy(image, Path.Combine(catalog, Path.GetFileName(image)));
        }

        var services = new ServiceCollection();
        services.AddSingleton(demo.Embedder);
        services.AddMultimodalFashionSearch(configuration);
        await using var provider = services.BuildServiceProvider();
        var summary = await provider.GetRequiredService<CatalogIngestor>().IngestAsync(CatalogSource.Open(Path.GetDirectoryName(catalog)!));

        var options = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        Assert.Equal((3, 2), (options.EmbeddingConcurrency, options.EmbeddingBatchSize));
        Assert.Equal(5, summary.Indexed);
        Assert.Equal(5, summary.Total);
    }

    [Fact]
    public async Task A_missing_model_directory_fails_at_startup_with_a_clear_message()
    {
        var configuration = Configuration(new() { ["MultimodalSearch:Blip2:ModelDirectory"] = Path.Combine(_folder, "no-model") });
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx();
        using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("MultimodalSearch:Blip2:ModelDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_store_or_an_embedded_directory_the_workflow_says_what_to_configure()
    {
        var services = new ServiceCollection();
        services.AddSingleton(demo.Embedder);
        services.AddMultimodalFashionSearch(Configuration([]));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<FashionSearchWorkflow>());

        Assert.Contains("MultimodalSearch:Embedded:Directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddEmbeddedCatalog()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_registered_store_the_embedded_store_in_the_configured_directory_is_used()
    {
        var directory = Path.Combine(_folder, "catalog");
        var services = new ServiceCollection();
        services.AddSingleton(demo.Embedder);
        services.AddMultimodalFashionSearch(Configuration(new() { ["MultimodalSearch:Embedded:Directory"] = directory }));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<FashionSearchWorkflow>().AskAsync(new FashionSearchRequest("two jackets"));

        Assert.True(Directory.Exists(directory));
        Assert.Empty(result.Items);
        Assert.Equal("I could not find anything in the catalog for this request.", result.Advice);
    }

    [Fact]
    public void Services_registered_by_the_application_win()
    {
        var classifier = new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions()));
        var stylist = new TemplateStylistAssistant();
        var services = new ServiceCollection();
        services.AddSingleton<IIntentClassifier>(classifier);
        services.AddSingleton<IStylistAssistant>(stylist);
        services.AddSingleton<IChatClient>(new ScriptedChatClient());

        services.AddMultimodalFashionSearch(Configuration([]));
        using var provider = services.BuildServiceProvider();

        Assert.Same(classifier, provider.GetRequiredService<IIntentClassifier>());
        Assert.Same(stylist, provider.GetRequiredService<IStylistAssistant>());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
