using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Ingestion;

/// <summary>
/// The ingestion pipeline on the real demo model and real embedded stores: its concurrency settings change
/// nothing but speed, failures stay per item, a store failure surfaces, and bulk loads are announced and ended.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class CatalogIngestorTests(DemoCatalogFixture demo) : IDisposable
{
    private const int ImageCount = 30;
    private readonly string _folder = Directory.CreateTempSubdirectory("ingestor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 5)]
    [InlineData(4, 8, 7)]
    public async Task Concurrent_embedding_stores_what_one_call_at_a_time_stores(int concurrency, int embeddingBatch, int writeBatch)
    {
        var source = CopyDemoImages();
        using var reference = await OpenStoreAsync("reference");
        using var store = await OpenStoreAsync("concurrent");
        await new CatalogIngestor(demo.Embedder, reference, new IngestionOptions { EmbeddingConcurrency = 1, EmbeddingBatchSize = ImageCount }).IngestAsync(source);
        var progress = new List<IngestionProgress>();

        var summary = await new CatalogIngestor(demo.Embedder, store, new IngestionOptions { EmbeddingConcurrency = concurrency, EmbeddingBatchSize = embeddingBatch, BatchSize = writeBatch })
            .IngestAsync(source, new SynchronousProgress(progress.Add));

        Assert.Equal(ImageCount, summary.Indexed);
        Assert.Empty(summary.Failed);
        Assert.Equal(ImageCount, await store.CountAsync());
        Assert.Equal(ImageCount, progress[^1].Indexed);
        Assert.Equal((ImageCount + writeBatch - 1) / writeBatch, progress.Select(p => p.Indexed).Distinct().Count());
        foreach (var id in (await reference.GetContentHashesAsync()).Keys)
        {
            var expected = (await reference.GetAsync(id))!.Embedding.Vectors.ToArray();
            var actual = (await store.GetAsync(id))!.Embedding.Vectors.ToArray();

            // Batches of other sizes may sum in another order: 1e-5 is far below any ranking difference.
            Assert.Equal(expected.Length, actual.Length);
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
        }
    }

    [Fact]
    public async Task A_failed_model_call_fails_only_its_own_items()
    {
        var source = CopyDemoImages();
        using var store = await OpenStoreAsync("store");
        var embedder = new FailingEmbedder(demo.Embedder, failWhenNameContains: "item-07");

        var summary = await new CatalogIngestor(embedder, store, new IngestionOptions { EmbeddingConcurrency = 2, EmbeddingBatchSize = 1 }).IngestAsync(source);

        var failure = Assert.Single(summary.Failed);
        Assert.EndsWith("item-07.jpg", failure.Path, StringComparison.Ordinal);
        Assert.Contains("embedding failed", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(ImageCount - 1, summary.Indexed);
        Assert.Equal(ImageCount - 1, await store.CountAsync());
    }

    [Fact]
    public async Task A_store_failure_ends_the_run_with_that_failure_and_ends_the_bulk_load()
    {
        var source = CopyDemoImages();
        using var inner = await OpenStoreAsync("store");
        var store = new BulkLoadingStore(inner) { FailOnUpsert = 2 };

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() =>
            new CatalogIngestor(demo.Embedder, store, new IngestionOptions { BatchSize = 4, EmbeddingConcurrency = 2, QueueCapacity = 2 }).IngestAsync(source));

        Assert.Contains("planted failure", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, store.Ended);
        Assert.Equal(4, await inner.CountAsync());
    }

    [Fact]
    public async Task An_unexpected_error_in_one_embedding_worker_stops_the_others_and_is_the_error_thrown()
    {
        var source = CopyDemoImages();
        using var store = await OpenStoreAsync("store");
        var embedder = new FailingEmbedder(demo.Embedder, failWhenNameContains: "item-00", () => new InvalidOperationException("planted bug"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new CatalogIngestor(embedder, store, new IngestionOptions { EmbeddingConcurrency = 2, EmbeddingBatchSize = 1, BatchSize = 2 }).IngestAsync(source));

        Assert.Equal("planted bug", error.Message);

        // Without the stop, the other worker would embed and write the remaining 29 images.
        Assert.True(await store.CountAsync() < ImageCount / 2, $"{await store.CountAsync()} items were written after the failure");
    }

    [Fact]
    public async Task A_cancellation_the_caller_did_not_ask_for_is_reported_as_the_failure_it_is()
    {
        var source = CopyDemoImages();
        using var inner = await OpenStoreAsync("store");
        var store = new BulkLoadingStore(inner) { FailOnUpsert = 1, Failure = () => new OperationCanceledException("the store timed out") };

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CatalogIngestor(demo.Embedder, store, new IngestionOptions { BatchSize = 4 }).IngestAsync(source));

        Assert.Equal("the store timed out", error.Message);
    }

    [Fact]
    public async Task New_items_are_written_inside_one_announced_bulk_load_and_a_rerun_announces_none()
    {
        var source = CopyDemoImages();
        using var inner = await OpenStoreAsync("store");
        var store = new BulkLoadingStore(inner);
        await new CatalogIngestor(demo.Embedder, inner).IngestAsync(new FolderCatalogSource(Path.Combine(_folder, "catalog", "shirt")));
        var alreadyStored = (int)await inner.CountAsync();

        var summary = await new CatalogIngestor(demo.Embedder, store, new IngestionOptions { BatchSize = 4 }).IngestAsync(source);

        Assert.Equal(ImageCount - alreadyStored, summary.Indexed);
        Assert.Equal([ImageCount - alreadyStored], store.Announced);
        Assert.Equal(1, store.Ended);
        Assert.True(store.UpsertsInsideLoad > 1);
        Assert.Equal(0, store.UpsertsOutsideLoad);

        await new CatalogIngestor(demo.Embedder, store).IngestAsync(source);

        Assert.Single(store.Announced);
        Assert.Equal(1, store.Ended);
    }

    [Fact]
    public async Task A_cancelled_run_still_ends_the_bulk_load_so_the_store_restores_its_index()
    {
        var source = CopyDemoImages();
        using var inner = await OpenStoreAsync("store");
        using var cancel = new CancellationTokenSource();
        var store = new BulkLoadingStore(inner) { OnUpsert = () => cancel.Cancel() };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CatalogIngestor(demo.Embedder, store, new IngestionOptions { BatchSize = 4 }).IngestAsync(source, cancellationToken: cancel.Token));

        Assert.Single(store.Announced);
        Assert.Equal(1, store.Ended);
    }

    [Theory]
    [InlineData(nameof(IngestionOptions.EmbeddingConcurrency))]
    [InlineData(nameof(IngestionOptions.EmbeddingBatchSize))]
    [InlineData(nameof(IngestionOptions.BatchSize))]
    public void Invalid_options_are_named_by_their_configuration_key(string property)
    {
        var options = new IngestionOptions();
        typeof(IngestionOptions).GetProperty(property)!.SetValue(options, 0);

        var error = Assert.Single(IngestionOptionsValidator.GetErrors(options));
        var thrown = Assert.Throws<ArgumentException>(() => new CatalogIngestor(demo.Embedder, demo.Store, options));

        Assert.StartsWith($"MultimodalSearch:Ingestion:{property} must be between", error, StringComparison.Ordinal);
        Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
    }

    /// <summary>Copies <see cref="ImageCount"/> demo images into <c>catalog/&lt;category&gt;/item-NN.jpg</c>.</summary>
    private FolderCatalogSource CopyDemoImages()
    {
        var root = Path.Combine(_folder, "catalog");
        if (!Directory.Exists(root))
        {
            var images = Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < ImageCount; i++)
            {
                // Spread over the catalog so that several categories appear.
                var image = images[i * images.Length / ImageCount];
                var category = Path.Combine(root, Path.GetFileName(Path.GetDirectoryName(image))!);
                Directory.CreateDirectory(category);
                File.Copy(image, Path.Combine(category, $"item-{i:D2}.jpg"));
            }
        }

        return new FolderCatalogSource(root);
    }

    private Task<EmbeddedCatalogStore> OpenStoreAsync(string name) =>
        EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_folder, name) });

    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
