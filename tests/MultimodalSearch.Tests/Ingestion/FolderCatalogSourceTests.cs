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

    [Fact]
    public async Task A_linked_folder_inside_is_read_a_loop_is_reported_once_and_a_link_out_is_refused()
    {
        Touch("shirt/a.jpg");
        Touch("pants/b.jpg");
        Directory.CreateSymbolicLink(Path.Combine(_root, "shirt", "more"), Path.Combine(_root, "pants"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "pants", "loop"), _root);
        Directory.CreateSymbolicLink(Path.Combine(_root, "shoes"), "/etc");

        var entries = new List<CatalogSourceEntry>();
        await foreach (var entry in new FolderCatalogSource(_root).ReadAsync())
        {
            entries.Add(entry);
        }

        Assert.Equal(["pants/b", "shirt/a", "shirt/more/b"], entries.Where(e => e.Problem is null).Select(e => e.Id));
        var problems = entries.Where(e => e.Problem is not null).ToDictionary(e => Path.GetRelativePath(_root, e.ImagePath), e => e.Problem!);
        Assert.Equal(["pants/loop", "shirt/more/loop", "shoes"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("(a loop)", problems["pants/loop"], StringComparison.Ordinal);
        Assert.Contains("a link to '/etc', outside the catalog folder", problems["shoes"], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}
