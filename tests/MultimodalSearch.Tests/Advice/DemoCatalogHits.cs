using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Advice;

/// <summary>Search hits for products of the demo catalog, read from its styles.csv, with their real image files.</summary>
internal static class DemoCatalogHits
{
    private static readonly Lazy<Dictionary<string, string[]>> Rows = new(() => File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv"))
        .Skip(1)
        .Select(line => line.Split(','))
        .ToDictionary(cells => cells[0]));

    /// <summary>Gets a hit for demo product <paramref name="id"/> (columns id,articleType,baseColour,pattern,productDisplayName,image).</summary>
    public static CatalogHit Get(string id, float score = 0.5f)
    {
        var cells = Rows.Value[id];
        var metadata = new Dictionary<string, string> { ["articleType"] = cells[1], ["baseColour"] = cells[2], ["pattern"] = cells[3] };
        return new CatalogHit(id, cells[1], cells[4], ImagePath(id), metadata, score);
    }

    /// <summary>Gets the absolute path of demo product <paramref name="id"/>'s image.</summary>
    public static string ImagePath(string id) => Path.Combine(TestPaths.DemoCatalog, Rows.Value[id][5]);
}
