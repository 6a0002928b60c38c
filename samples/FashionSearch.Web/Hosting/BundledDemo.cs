namespace FashionSearch.Web.Hosting;

/// <summary>The demo model and catalog shipped next to the app's assembly (copied by the project file).</summary>
internal static class BundledDemo
{
    /// <summary>Gets the demo model's directory.</summary>
    public static string ModelDirectory => Path.Combine(AppContext.BaseDirectory, "models", "blip2-fashion-demo");

    /// <summary>Gets the demo catalog (styles.csv + images).</summary>
    public static string Catalog => Path.Combine(ModelDirectory, "catalog");

    /// <summary>Gets the default embedded store directory, beside the build output so that it never lands in a source tree.</summary>
    public static string StoreDirectory => Path.Combine(AppContext.BaseDirectory, "fashion-search-web-store");
}
