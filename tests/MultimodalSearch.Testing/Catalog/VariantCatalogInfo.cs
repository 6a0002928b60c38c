namespace MultimodalSearch.Testing.Catalog;

/// <summary>A variant-heavy catalog written by <see cref="VariantCatalog.Write(string, int?, int)"/>.</summary>
/// <param name="Directory">The catalog folder (<c>styles.csv</c> + <c>images/</c>).</param>
/// <param name="Entries">One entry per render, in <c>styles.csv</c> order.</param>
public sealed record VariantCatalogInfo(string Directory, IReadOnlyList<VariantCatalogEntry> Entries);
