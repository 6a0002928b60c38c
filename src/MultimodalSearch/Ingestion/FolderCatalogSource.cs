using System.Runtime.CompilerServices;

namespace MultimodalSearch.Ingestion;

/// <summary>
/// A folder whose sub-folders are categories and whose files are product images
/// (<c>t-shirt/10001.jpg</c>), the reference app's layout. The id of an item is its path relative
/// to the folder without the extension (<c>t-shirt/10001</c>); its name is the file name without extension.
/// </summary>
/// <remarks>
/// Links are resolved to where they really lead: a link (to a file or a folder) outside the folder is reported, not
/// read, unless allowed; a linked folder inside it is read, except one that leads back to a folder containing it
/// (a loop), which is reported.
/// </remarks>
public sealed class FolderCatalogSource : ICatalogSource
{
    // Deeper than any real catalog; bounds a walk through links that lead into each other.
    private const int MaxDepth = 64;

    private readonly string _root;
    private readonly bool _allowLinksOutsideRoot;

    /// <summary>Creates the source.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="allowLinksOutsideRoot">Whether links may lead outside the folder (default: they are reported, not read).</param>
    public FolderCatalogSource(string root, bool allowLinksOutsideRoot = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
        _allowLinksOutsideRoot = allowLinksOutsideRoot;
    }

    /// <inheritdoc />
    public string Description => _root;

    /// <inheritdoc />
    public async IAsyncEnumerable<CatalogSourceEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"The catalog folder '{_root}' does not exist.");
        }

        await Task.CompletedTask.ConfigureAwait(false);
        var realRoot = CatalogLinks.RealPath(_root);
        foreach (var categoryDirectory in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            var category = Path.GetFileName(categoryDirectory);
            if (category.StartsWith('.'))
            {
                continue;
            }

            var found = new List<(string Path, string? Problem)>();
            if (Follow(categoryDirectory, Path.Join(realRoot, category), realRoot, [realRoot], found) is { } problem)
            {
                found.Add((categoryDirectory, problem));
            }

            foreach (var (file, fileProblem) in found.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return fileProblem is not null
                    ? CatalogSourceEntry.Failed(Path.GetFullPath(file), fileProblem)
                    : Entry(file, category);
            }
        }
    }

    private CatalogSourceEntry Entry(string file, string category)
    {
        var relative = Path.GetRelativePath(_root, file).Replace('\\', '/');
        var extension = Path.GetExtension(relative);
        return new CatalogSourceEntry
        {
            Id = extension.Length > 0 ? relative[..^extension.Length] : relative,
            Category = category,
            Name = Path.GetFileNameWithoutExtension(file),
            ImagePath = Path.GetFullPath(file),
        };
    }

    /// <summary>
    /// Adds the files under <paramref name="directory"/> (whose real path is <paramref name="realDirectory"/> when it is
    /// no link) to <paramref name="found"/>; returns why the folder itself is not read, or null.
    /// </summary>
    private string? Follow(string directory, string realDirectory, string realRoot, List<string> chain, List<(string, string?)> found)
    {
        if (CatalogLinks.LinkTarget(directory) is not null)
        {
            try
            {
                realDirectory = CatalogLinks.RealPath(directory);
            }
            catch (IOException ex)
            {
                return $"cannot follow the link: {ex.Message}";
            }

            if (!_allowLinksOutsideRoot && !CatalogLinks.IsInside(realRoot, realDirectory))
            {
                return CatalogLinks.Outside(realDirectory);
            }

            if (chain.Any(ancestor => CatalogLinks.IsInside(realDirectory, ancestor)))
            {
                return $"a link to '{realDirectory}', a folder that contains it (a loop); not followed";
            }
        }

        if (chain.Count > MaxDepth)
        {
            return $"more than {MaxDepth} folders deep; not read";
        }

        chain.Add(realDirectory);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            var realEntry = Path.Join(realDirectory, name);
            if (Directory.Exists(entry))
            {
                if (Follow(entry, realEntry, realRoot, chain, found) is { } problem)
                {
                    found.Add((entry, problem));
                }
            }
            else if (!name.StartsWith('.'))
            {
                // Only a link can lead out: the folders above it were checked on the way down.
                found.Add((entry, _allowLinksOutsideRoot || CatalogLinks.LinkTarget(entry) is null ? null : CatalogLinks.Escape(entry, realRoot)));
            }
        }

        chain.RemoveAt(chain.Count - 1);
        return null;
    }
}
