namespace MultimodalSearch.Testing;

/// <summary>Locates the repository's test data and models from any test's working directory.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Gets the repository root (the folder with MultimodalSearch.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>Gets tests/data/blip2-tiny: random-weight BLIP-2 with exact reference numbers.</summary>
    public static string TinyModel => Path.Combine(RepositoryRoot, "tests", "data", "blip2-tiny");

    /// <summary>Gets models/blip2-fashion-demo: the small trained demo model and its catalog.</summary>
    public static string DemoModel => Path.Combine(RepositoryRoot, "models", "blip2-fashion-demo");

    /// <summary>Gets the demo catalog folder (styles.csv + images/).</summary>
    public static string DemoCatalog => Path.Combine(DemoModel, "catalog");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultimodalSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find MultimodalSearch.sln above " + AppContext.BaseDirectory);
    }
}
