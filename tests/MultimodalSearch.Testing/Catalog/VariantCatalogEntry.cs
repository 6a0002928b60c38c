namespace MultimodalSearch.Testing.Catalog;

/// <summary>One render of a variant-heavy catalog.</summary>
/// <param name="Id">The render's item id: <c>&lt;product&gt;-&lt;render&gt;</c>.</param>
/// <param name="Product">The demo product it was made from.</param>
/// <param name="Category">The category (the demo's <c>articleType</c>).</param>
/// <param name="ImagePath">The full path of the JPEG.</param>
public sealed record VariantCatalogEntry(string Id, string Product, string Category, string ImagePath);
