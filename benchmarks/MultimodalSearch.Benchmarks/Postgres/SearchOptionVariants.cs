using System.Globalization;
using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// The store's search with other options on the same catalog, from <c>MULTIMODALSEARCH_BENCH_LAYOUT_VARIANTS</c>:
/// variants separated by ';', each a comma-separated list of <see cref="PgVectorCatalogOptions"/> settings such as
/// <c>CandidateMultiplier=40,MinCandidates=300</c> or <c>Collection=ivfflat_50000,CentroidIndex=IvfFlat,IvfFlatProbes=20</c>
/// (integer and enum options, and the collection searched), to see what a setting buys in recall and latency. A variant with another <c>CentroidIndex</c> rebuilds the
/// catalog's index when it opens it (and the next store with the default rebuilds it back).
/// </summary>
internal static class SearchOptionVariants
{
    /// <summary>Reads the variants.</summary>
    /// <param name="create">Creates the options every variant starts from (the catalog's connection and names).</param>
    /// <returns>Each variant's text and options.</returns>
    /// <exception cref="InvalidOperationException">A setting is not an integer or enum option.</exception>
    public static IEnumerable<(string Name, PgVectorCatalogOptions Options)> FromEnvironment(Func<PgVectorCatalogOptions> create)
    {
        var text = Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_LAYOUT_VARIANTS") ?? "";
        foreach (var variant in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var options = create();
            foreach (var setting in variant.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = setting.Split('=', 2, StringSplitOptions.TrimEntries);
                var property = typeof(PgVectorCatalogOptions).GetProperty(parts[0]);
                var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                object value = type == typeof(int) ? int.Parse(parts[1], CultureInfo.InvariantCulture)
                    : type is { IsEnum: true } ? Enum.Parse(type, parts[1])
                    : property?.Name == nameof(PgVectorCatalogOptions.Collection) ? parts[1]
                    : throw new InvalidOperationException($"MULTIMODALSEARCH_BENCH_LAYOUT_VARIANTS: '{parts[0]}' is not an integer or enum option of PgVectorCatalogOptions, nor Collection.");
                property!.SetValue(options, value);
            }

            yield return (variant, options);
        }
    }
}
