namespace FashionSearch.Console.Cli;

/// <summary>The demo model and catalog shipped next to the CLI's assembly.</summary>
internal static class BundledModel
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models", "blip2-fashion-demo");

    public static string Catalog => Path.Combine(Directory, "catalog");
}
