using System.Runtime.CompilerServices;

namespace MultimodalSearch.Ingestion;

/// <summary>
/// A folder whose sub-folders are categories and whose files are product images
/// (<c>t-shirt/10001.jpg</c>), the reference app's layout. The id of an item is its path relative
/// to the folder without the extension (<c>t-shirt/10001</c>); its name is the file name without extension.
/// </summary>
/// <param name="root">The folder.</param>
public sealed class FolderCatalogSource(string root) : ICatalogSource
{
    /// <inheritdoc />
    public string Description => root;

    /// <inheritdoc />
    public async IAsyncEnumerable<CatalogSourceEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The catalog folder '{root}' does not exist.");
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var categoryDirectory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var category = Path.GetFileName(categoryDirectory);
            if (category.StartsWith('.'))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(categoryDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Path.GetFileName(file).StartsWith('.'))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                var extension = Path.GetExtension(relative);
                yield return new CatalogSourceEntry
                {
                    Id = extension.Length > 0 ? relative[..^extension.Length] : relative,
                    Category = category,
                    Name = Path.GetFileNameWithoutExtension(file),
                    ImagePath = Path.GetFullPath(file),
                };
            }
        }
    }
}
