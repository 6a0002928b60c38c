using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Telemetry;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Telemetry;

/// <summary>
/// The core's instruments, seen by a <see cref="MetricRecorder"/> while the real workflow, ingestor and embedded store
/// run on the demo model and catalog; and a log event seen with its id.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class CoreTelemetryTests(DemoCatalogFixture demo) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telemetry-").FullName;
    private readonly MetricRecorder _metrics = new(MultimodalSearchTelemetry.MeterName);

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_request_records_its_duration_each_stage_the_store_search_and_both_language_model_fallbacks()
    {
        // Other collections run requests at the same time; count only this test's own.
        using var flow = _metrics.OnlyThisFlow();
        var chat = new ScriptedChatClient().Reply("not the JSON asked for").Throw(new HttpRequestException("Gemini is down"));
        var intent = Options.Create(new IntentClassifierOptions());
        var workflow = new FashionSearchWorkflow(
            demo.Embedder,
            demo.Store,
            new ChatIntentClassifier(chat, new KeywordIntentClassifier(intent), intent),
            new ChatStylistAssistant(chat, Options.Create(new StylistOptions())),
            Options.Create(new FashionSearchOptions()));

        var result = await workflow.AskAsync(new FashionSearchRequest("show me two black t-shirts"));

        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Equal(ResultSource.Offline, result.AdvisedBy);
        var request = Assert.Single(_metrics.Of("multimodal_search.request.duration", "multimodal_search.request.kind=ask", "!error.type"));
        Assert.Equal(("s", "Histogram`1"), (request.Unit, request.Kind));
        Assert.True(request.Value > 0);
        foreach (var stage in new[] { "understand", "search", "advise" })
        {
            Assert.NotEmpty(_metrics.Of("multimodal_search.request.stage.duration", "multimodal_search.stage=" + stage));
        }

        Assert.NotEmpty(_metrics.Of("multimodal_search.store.search.duration", "multimodal_search.store.kind=embedded", "!error.type"));
        var invalid = Assert.Single(_metrics.Of("multimodal_search.llm.fallbacks", "multimodal_search.llm.operation=intent_classification", "multimodal_search.llm.fallback.reason=invalid_reply"));
        Assert.Equal(("{fallback}", "Counter`1", 1.0), (invalid.Unit, invalid.Kind, invalid.Value));
        Assert.Single(_metrics.Of("multimodal_search.llm.fallbacks", "multimodal_search.llm.operation=advice", "multimodal_search.llm.fallback.reason=error"));
    }

    [Fact]
    public async Task A_streamed_request_records_its_duration_when_it_completes_and_a_timeout_as_its_error_type()
    {
        var workflow = Workflow();
        await foreach (var _ in workflow.AskStreamingAsync(new FashionSearchRequest("a green jacket")))
        {
        }

        var intent = Options.Create(new IntentClassifierOptions());
        var hanging = new FashionSearchWorkflow(
            demo.Embedder,
            demo.Store,
            new ChatIntentClassifier(new ScriptedChatClient().Hang(), new KeywordIntentClassifier(intent), intent),
            new TemplateStylistAssistant(),
            Options.Create(new FashionSearchOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) }));
        await Assert.ThrowsAsync<TimeoutException>(() => hanging.AskAsync(new FashionSearchRequest("a green jacket")));

        Assert.NotEmpty(_metrics.Of("multimodal_search.request.duration", "multimodal_search.request.kind=ask_streaming", "!error.type"));
        Assert.NotEmpty(_metrics.Of("multimodal_search.request.duration", "multimodal_search.request.kind=ask", "error.type=timeout"));
    }

    [Fact]
    public async Task Ingestion_counts_items_by_outcome_and_logs_a_skipped_image_with_its_event_id()
    {
        // Other collections ingest at the same time; count only this test's own.
        using var flow = _metrics.OnlyThisFlow();
        var images = Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(2).ToList();
        var category = Directory.CreateDirectory(Path.Combine(_folder, "catalog", "shirt")).FullName;
        File.Copy(images[0], Path.Combine(category, "good-1.jpg"));
        File.Copy(images[1], Path.Combine(category, "good-2.jpg"));
        var bad = Path.Combine(category, "bad.jpg");
        await File.WriteAllTextAsync(bad, "not an image");
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_folder, "store") });
        var logger = new FakeLogger<CatalogIngestor>();
        var ingestor = new CatalogIngestor(demo.Embedder, store, new IngestionOptions(), logger);

        var first = await ingestor.IngestAsync(new FolderCatalogSource(Path.Combine(_folder, "catalog")));
        var second = await ingestor.IngestAsync(new FolderCatalogSource(Path.Combine(_folder, "catalog")));

        Assert.Equal((2, 1, 2), (first.Indexed, first.Failed.Count, second.Skipped));
        var skipped = logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1107).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.All(skipped, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.All(skipped, r => Assert.StartsWith($"Skipping {bad}: ", r.Message, StringComparison.Ordinal));
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 1100 && r.Level == LogLevel.Information);
        var indexed = Assert.Single(_metrics.Of("multimodal_search.ingestion.items", "multimodal_search.ingestion.outcome=indexed"), m => m.Value == 2);
        Assert.Equal(("{item}", "Counter`1"), (indexed.Unit, indexed.Kind));
        Assert.NotEmpty(_metrics.Of("multimodal_search.ingestion.items", "multimodal_search.ingestion.outcome=failed"));
        Assert.NotEmpty(_metrics.Of("multimodal_search.ingestion.items", "multimodal_search.ingestion.outcome=unchanged"));
    }

    private FashionSearchWorkflow Workflow() =>
        new(demo.Embedder, demo.Store, new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())), new TemplateStylistAssistant(), Options.Create(new FashionSearchOptions()));
}
