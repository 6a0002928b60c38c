namespace MultimodalSearch;

/// <summary>The items found, as soon as the search is done (before any advice).</summary>
/// <param name="Items">The items, per category in the order asked, best first within each.</param>
public sealed record FashionSearchItemsUpdate(IReadOnlyList<FashionSearchItem> Items) : FashionSearchUpdate;
