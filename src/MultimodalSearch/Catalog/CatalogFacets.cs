namespace MultimodalSearch;

/// <summary>
/// What a catalog offers to ask for: its categories, and the values of each metadata attribute (colour, pattern,
/// ...) that describe products rather than name them.
/// </summary>
/// <remarks>
/// An attribute is kept when it has at most <see cref="MaxValuesPerAttribute"/> distinct values, each at most
/// <see cref="MaxValueLength"/> characters long: <c>baseColour</c> with ten colours is a vocabulary, a free-text
/// description or a per-item code is not. The classifiers find these values in a shopper's message ("the same in
/// red"), so the attribute words a shopper can use come from the catalog, never from a built-in list.
/// </remarks>
public sealed record CatalogFacets
{
    /// <summary>The most distinct values an attribute may have to count as a vocabulary.</summary>
    public const int MaxValuesPerAttribute = 64;

    /// <summary>The longest attribute value kept, in characters.</summary>
    public const int MaxValueLength = 40;

    /// <summary>Gets a catalog with nothing in it.</summary>
    public static CatalogFacets Empty { get; } = new() { Categories = [] };

    /// <summary>Gets the distinct categories, sorted ordinally.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Gets the distinct values of each descriptive metadata attribute, by attribute name; values sorted ordinally.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
