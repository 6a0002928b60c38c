namespace MultimodalSearch;

/// <summary>An attribute value found in a message.</summary>
/// <param name="Attribute">The catalog's attribute name.</param>
/// <param name="Value">The catalog's value.</param>
/// <param name="Start">The index of its first token.</param>
/// <param name="Length">How many tokens it spans.</param>
internal readonly record struct AttributeMention(string Attribute, string Value, int Start, int Length);
