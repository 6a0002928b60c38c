using MultimodalSearch.Ingestion;

namespace MultimodalSearch.Tests.Ingestion;

public sealed class FolderCatalogSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("folder-source-").FullName;

    [Fact]
    public async Task Sub_folders_are_categories_and_ids_are_relative_paths_without_extension()
    {
        Touch("t-shirt/b.jpg");
        Touch("t-shirt/a.png");
        Touch("shoes/x.webp");
        Touch("shoes/.DS_Store");
        Touch(".hidden/y.jpg");
        Touch("loose-file.jpg");

        var entries = new List<CatalogSourceEntry>();
        await foreach (var entry in new FolderCatalogSource(_root).ReadAsync())
        {
            entries.Add(entry);
        }

        Assert.Equal(["shoes/x", "t-shirt/a", "t-shirt/b"], entries.Select(e => e.Id));
        Assert.Equal(["shoes", "t-shirt", "t-shirt"], entries.Select(e => e.Category));
        Assert.Equal("a", entries[1].Name);
        Assert.Equal(Path.Combine(_root, "t-shirt", "a.png"), entries[1].ImagePath);
    }

    [Fact]
    public async Task A_missing_folder_is_reported()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(async () =>
        {
            await foreach (var _ in new FolderCatalogSource(Path.Combine(_root, "nope")).ReadAsync())
            {
            }
        });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}
