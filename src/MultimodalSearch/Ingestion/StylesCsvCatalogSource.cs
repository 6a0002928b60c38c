using System.Runtime.CompilerServices;

namespace MultimodalSearch.Ingestion;

/// <summary>
/// A folder with a <c>styles.csv</c> in the Fashion Product Images format (<c>id, gender, masterCategory,
/// subCategory, articleType, baseColour, season, year, usage, productDisplayName</c>, images at
/// <c>images/&lt;id&gt;.jpg</c>, or an explicit <c>image</c> column). Rows with unquoted commas in the name
/// are repaired where the column count allows; other malformed rows are reported by line number.
/// </summary>
public sealed class StylesCsvCatalogSource : ICatalogSource
{
    private readonly string _root;
    private readonly StylesCsvOptions _options;
    private readonly bool _allowLinksOutsideRoot;

    /// <summary>Creates the source.</summary>
    /// <param name="root">The catalog folder.</param>
    /// <param name="options">The column mapping, or null for the defaults.</param>
    /// <param name="allowLinksOutsideRoot">
    /// Whether an image path may lead outside the folder through links (default: such a row is reported, its image not
    /// read). A path whose text leaves the folder is refused either way.
    /// </param>
    public StylesCsvCatalogSource(string root, StylesCsvOptions? options = null, bool allowLinksOutsideRoot = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        _options = options ?? new StylesCsvOptions();
        _allowLinksOutsideRoot = allowLinksOutsideRoot;
    }

    /// <inheritdoc />
    public string Description => Path.Combine(_root, _options.FileName);

    /// <inheritdoc />
    public async IAsyncEnumerable<CatalogSourceEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var csvPath = Description;
        using var reader = new StreamReader(csvPath, detectEncodingFromByteOrderMarks: true);
        var headerLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"'{csvPath}' is empty; expected a header line.");
        var header = CsvLine.Split(headerLine) ?? throw new InvalidDataException($"'{csvPath}' line 1: the header has an unclosed quote.");
        var columns = header.Select((name, index) => (name: name.Trim(), index)).ToDictionary(c => c.name, c => c.index, StringComparer.OrdinalIgnoreCase);
        var id = Column(columns, _options.IdColumn, csvPath);
        var category = Column(columns, _options.CategoryColumn, csvPath);
        var name = columns.GetValueOrDefault(_options.NameColumn, -1);
        var image = columns.GetValueOrDefault(_options.ImageColumn, -1);

        var realRoot = CatalogLinks.RealPath(_root);
        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var location = $"{csvPath}:{lineNumber}";
            var cells = CsvLine.Split(line);
            if (cells is null)
            {
                yield return CatalogSourceEntry.Failed(location, "malformed row: unclosed quote");
                continue;
            }

            if (cells.Count > header.Count && name >= 0)
            {
                // Unquoted commas in the product name: the extra cells belong to the name column.
                var extra = cells.Count - header.Count;
                var joined = string.Join(',', cells.GetRange(name, extra + 1));
                cells.RemoveRange(name, extra + 1);
                cells.Insert(name, joined);
            }

            if (cells.Count != header.Count)
            {
                yield return CatalogSourceEntry.Failed(location, $"malformed row: {cells.Count} columns where the header has {header.Count}");
                continue;
            }

            yield return ToEntry(cells, header, (id, category, name, image), location, realRoot);
        }
    }

    private static int Column(Dictionary<string, int> columns, string name, string csvPath) =>
        columns.TryGetValue(name, out var index)
            ? index
            : throw new InvalidDataException($"'{csvPath}' has no '{name}' column; its columns are {string.Join(", ", columns.Keys)}.");

    private CatalogSourceEntry ToEntry(List<string> cells, List<string> header, (int Id, int Category, int Name, int Image) columns, string location, string realRoot)
    {
        var (idIndex, categoryIndex, nameIndex, imageIndex) = columns;
        var id = cells[idIndex].Trim();
        var articleType = cells[categoryIndex].Trim();
        if (id.Length == 0)
        {
            return CatalogSourceEntry.Failed(location, "malformed row: empty id");
        }

        if (articleType.Length == 0)
        {
            return CatalogSourceEntry.Failed(location, $"malformed row: empty {_options.CategoryColumn}");
        }

        string category;
        if (_options.CategoryMap.TryGetValue(articleType, out var mapped))
        {
            category = mapped;
        }
        else if (_options.SkipUnmapped)
        {
            return CatalogSourceEntry.Failed(location, $"{_options.CategoryColumn} '{articleType}' is not in the category map");
        }
        else
        {
            category = articleType.ToLowerInvariant();
        }

        var relativeImage = imageIndex >= 0 && cells[imageIndex].Trim().Length > 0
            ? cells[imageIndex].Trim()
            : Path.Combine(_options.ImageFolder, id + ".jpg");
        var imagePath = Path.GetFullPath(Path.Combine(_root, relativeImage));
        if (!imagePath.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return CatalogSourceEntry.Failed(location, $"the image path '{relativeImage}' leaves the catalog folder");
        }

        if (!_allowLinksOutsideRoot && CatalogLinks.Escape(imagePath, realRoot) is { } escape)
        {
            return CatalogSourceEntry.Failed(location, $"the image '{relativeImage}': {escape}");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (i != idIndex && i != nameIndex && i != imageIndex && cells[i].Length > 0)
            {
                metadata[header[i].Trim()] = cells[i].Trim();
            }
        }

        return new CatalogSourceEntry
        {
            Id = id,
            Category = category,
            Name = nameIndex >= 0 ? cells[nameIndex].Trim() : id,
            ImagePath = imagePath,
            Metadata = metadata,
        };
    }
}
