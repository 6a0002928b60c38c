namespace MultimodalSearch;

/// <summary>A place in a tokenized message that names a catalog category.</summary>
/// <param name="Category">The catalog category.</param>
/// <param name="Start">The index of the first token.</param>
/// <param name="Length">The number of tokens.</param>
/// <param name="IsPlural">Whether the words name several items ("t-shirts", "coats"), as opposed to one ("t-shirt", "pants", "shoes").</param>
internal readonly record struct CategoryMention(string Category, int Start, int Length, bool IsPlural);
