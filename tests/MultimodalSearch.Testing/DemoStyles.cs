namespace MultimodalSearch.Testing;

/// <summary>The demo catalog's styles.csv, read once: every product's row by id (id, articleType, baseColour, pattern, productDisplayName, image).</summary>
public static class DemoStyles
{
    private static readonly Lazy<IReadOnlyDictionary<string, string[]>> Lazy = new(() => File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv"))
        .Skip(1)
        .Select(line => line.Split(','))
        .ToDictionary(cells => cells[0]));

    /// <summary>Gets the rows by id, in catalog order.</summary>
    public static IReadOnlyDictionary<string, string[]> Rows => Lazy.Value;
}
