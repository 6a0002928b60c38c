using System.Linq.Expressions;

namespace MultimodalSearch.VectorData;

/// <summary>
/// The filters the catalog sends to the collection, in the forms every MEVD connector translates:
/// equality, <c>Enumerable.Contains</c> over a captured list, and <c>&amp;&amp;</c>.
/// </summary>
internal static class CatalogFilters
{
    /// <summary>Gets a filter that keeps the first record of each item (query index 0), one per item.</summary>
    public static Expression<Func<Dictionary<string, object?>, bool>> FirstRecords { get; } =
        r => (int)r[CatalogRecords.QueryIndex]! == 0;

    /// <summary>Keeps the first record of each of the items with these ids.</summary>
    /// <param name="ids">The ids.</param>
    /// <returns>The filter.</returns>
    public static Expression<Func<Dictionary<string, object?>, bool>> FirstRecordsOf(IEnumerable<string> ids) =>
        r => ids.Contains((string)r[CatalogRecords.ItemId]!) && (int)r[CatalogRecords.QueryIndex]! == 0;

    /// <summary>Keeps the records of items in these categories.</summary>
    /// <param name="categories">The distinct categories, or null for all.</param>
    /// <returns>The filter, or null for none.</returns>
    public static Expression<Func<Dictionary<string, object?>, bool>>? InCategories(IReadOnlyList<string>? categories)
    {
        if (categories is null)
        {
            return null;
        }

        if (categories.Count == 1)
        {
            var category = categories[0];
            return r => (string)r[CatalogRecords.Category]! == category;
        }

        IEnumerable<string> list = categories;
        return r => list.Contains((string)r[CatalogRecords.Category]!);
    }
}
