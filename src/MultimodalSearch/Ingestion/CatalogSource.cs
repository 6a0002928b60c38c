namespace MultimodalSearch.Ingestion;

/// <summary>Opens the right <see cref="ICatalogSource"/> for a folder.</summary>
public static class CatalogSource
{
    /// <summary>
    /// Opens <paramref name="folder"/>: a <see cref="StylesCsvCatalogSource"/> when it holds the CSV named by
    /// <paramref name="csvOptions"/> (<c>styles.csv</c>), otherwise a <see cref="FolderCatalogSource"/>.
    /// </summary>
    /// <param name="folder">The catalog folder.</param>
    /// <param name="csvOptions">The CSV mapping, or null for the defaults.</param>
    /// <param name="allowLinksOutsideRoot">Whether links may lead outside the folder (default: such entries are reported, not read).</param>
    /// <returns>The source.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ICatalogSource Open(string folder, StylesCsvOptions? csvOptions = null, bool allowLinksOutsideRoot = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The catalog folder '{folder}' does not exist.");
        }

        csvOptions ??= new StylesCsvOptions();
        return File.Exists(Path.Combine(folder, csvOptions.FileName))
            ? new StylesCsvCatalogSource(folder, csvOptions, allowLinksOutsideRoot)
            : new FolderCatalogSource(folder, allowLinksOutsideRoot);
    }
}
