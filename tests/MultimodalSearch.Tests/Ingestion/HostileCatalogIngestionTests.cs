using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;
using MultimodalSearch.Testing;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Ingestion;

/// <summary>
/// A catalog holding special files, a sparse giant and links out of it (issue 22): the good images are indexed, each
/// bad entry is reported once, and nothing blocks or reads without bound.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class HostileCatalogIngestionTests(DemoCatalogFixture demo) : IDisposable
{
    // Generous: the run takes about a second; without the checks it hangs on the FIFO or runs out of memory on /dev/zero.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private readonly HostileCatalog _catalog = new();
    private readonly string _stores = Directory.CreateTempSubdirectory("hostile-stores-").FullName;

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_stores, recursive: true);
    }

    [Fact]
    public async Task Good_images_are_indexed_and_each_hostile_entry_is_reported_once()
    {
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_stores, "a") });

        var summary = await new CatalogIngestor(demo.Embedder, store).IngestAsync(CatalogSource.Open(_catalog.Root)).WaitAsync(Bound);

        Assert.Equal(_catalog.GoodImages, summary.Indexed);
        Assert.Equal(_catalog.BadEntries.Order(StringComparer.Ordinal), summary.Failed.Select(f => f.Path).Order(StringComparer.Ordinal));
        var reasons = summary.Failed.ToDictionary(f => Path.GetRelativePath(_catalog.Root, f.Path), f => f.Reason);
        Assert.Contains("outside the catalog folder", reasons["shirt/zero.jpg"], StringComparison.Ordinal);
        Assert.Contains("outside the catalog folder", reasons["shirt/passwd.jpg"], StringComparison.Ordinal);
        Assert.Contains("outside the catalog folder", reasons["linked"], StringComparison.Ordinal);
        Assert.Contains("not a regular file", reasons["shirt/pipe.jpg"], StringComparison.Ordinal);
        Assert.Contains("2,147,483,648 bytes, more than the limit of 52,428,800 bytes (MultimodalSearch:Ingestion:MaxImageBytes)", reasons["shirt/huge.jpg"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_out_allowed_are_read_through_the_same_checks()
    {
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_stores, "b") });

        var summary = await new CatalogIngestor(demo.Embedder, store)
            .IngestAsync(CatalogSource.Open(_catalog.Root, allowLinksOutsideRoot: true)).WaitAsync(Bound);

        // The linked folder's image is indexed; /dev/zero and /etc/passwd are refused by the reader instead.
        Assert.Equal(_catalog.GoodImages + 1, summary.Indexed);
        var reasons = summary.Failed.ToDictionary(f => Path.GetRelativePath(_catalog.Root, f.Path), f => f.Reason);
        Assert.Equal(["shirt/huge.jpg", "shirt/passwd.jpg", "shirt/pipe.jpg", "shirt/zero.jpg"], reasons.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not a regular file", reasons["shirt/zero.jpg"], StringComparison.Ordinal);
        Assert.StartsWith("not an image", reasons["shirt/passwd.jpg"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_size_limit_is_an_option_named_in_the_error()
    {
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_stores, "c") });

        var summary = await new CatalogIngestor(demo.Embedder, store, new IngestionOptions { MaxImageBytes = 1000 })
            .IngestAsync(CatalogSource.Open(_catalog.Root)).WaitAsync(Bound);

        Assert.Equal(0, summary.Indexed);
        var good = summary.Failed.Where(f => Path.GetFileName(f.Path).StartsWith("good-", StringComparison.Ordinal)).ToList();
        Assert.Equal(_catalog.GoodImages, good.Count);
        Assert.All(good, f => Assert.Contains("more than the limit of 1,000 bytes (MultimodalSearch:Ingestion:MaxImageBytes)", f.Reason, StringComparison.Ordinal));
    }
}
