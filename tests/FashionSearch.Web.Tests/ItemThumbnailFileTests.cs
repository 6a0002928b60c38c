using System.Diagnostics;
using FashionSearch.Web.Api;
using FashionSearch.Web.Images;
using FashionSearch.Web.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch;
using MultimodalSearch.Embedded;

namespace FashionSearch.Web.Tests;

/// <summary>
/// Thumbnails read catalog image files through the library's bounded read (issue 22): an item whose image is a FIFO,
/// a device or a giant is a 404 at once, never a hung request or a read without bound.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ItemThumbnailFileTests(WebAppFixture app) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("thumbnail-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_item_whose_image_is_no_regular_image_file_is_a_404_without_blocking()
    {
        var fifo = Path.Combine(_folder, "pipe.jpg");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var huge = Path.Combine(_folder, "huge.jpg");
        using (var file = File.Create(huge))
        {
            file.Write([0xFF, 0xD8, 0xFF, 0xE0]);
            file.SetLength(1L << 30);
        }

        var zero = Path.Combine(_folder, "zero.jpg");
        File.CreateSymbolicLink(zero, "/dev/zero");
        using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = Path.Combine(_folder, "store") });
        await store.UpsertAsync([Item("fifo", fifo), Item("huge", huge), Item("zero", zero)]);
        using var thumbnails = new ItemThumbnails(
            store,
            app.Factory.Services.GetRequiredService<IImageThumbnailer>(),
            Microsoft.Extensions.Options.Options.Create(new WebAppOptions()),
            NullLogger<ItemThumbnails>.Instance);

        foreach (var id in new[] { "fifo", "huge", "zero" })
        {
            var error = await Assert.ThrowsAsync<ApiException>(() => thumbnails.GetAsync(id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(404, error.Status);
        }
    }

    private static CatalogItem Item(string id, string image) => new()
    {
        Id = id,
        Category = "shirt",
        Name = id,
        ImageLocation = image,
        Embedding = new ImageEmbedding(Enumerable.Repeat(1f / 16, 32 * 256).ToArray(), 32),
    };
}
