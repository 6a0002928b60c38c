namespace MultimodalSearch.Evaluation;

/// <summary>
/// How <see cref="AttributeQuerySet"/> turns catalog attributes into judged queries. Templates use
/// <c>{colour}</c>, <c>{pattern}</c>, <c>{category}</c> and <c>{categories}</c> (the plural).
/// </summary>
public sealed class AttributeQueryOptions
{
    /// <summary>Gets or sets the metadata key of an item's colour (default <c>baseColour</c>, the Fashion Product Images column).</summary>
    public string ColourKey { get; set; } = "baseColour";

    /// <summary>Gets or sets the metadata key of an item's pattern (default <c>pattern</c>); null leaves patterns out.</summary>
    public string? PatternKey { get; set; } = "pattern";

    /// <summary>Gets the text templates for a colour and a category; relevant: items of that category and colour.</summary>
    public IList<string> ColourTemplates { get; } = ["a {colour} {category}", "{colour} {categories}", "show me a {colour} {category}"];

    /// <summary>Gets the text templates for a colour, a pattern and a category; relevant: items with all three.</summary>
    public IList<string> PatternTemplates { get; } = ["{colour} {pattern} {category}"];

    /// <summary>
    /// Gets the texts sent with a photo to ask for another colour (the first that fits is used in turn);
    /// relevant: items of the photo's category and pattern in that colour.
    /// </summary>
    public IList<string> PhotoTextTemplates { get; } = ["in {colour}", "the same {category} in {colour}"];

    /// <summary>Gets or sets how many items of each category, colour and pattern serve as photos (default 1; 0 for no photo queries).</summary>
    public int PhotosPerGroup { get; set; } = 1;

    /// <summary>Gets or sets how many other colours each photo is asked for with a text (default 1; 0 for no photo + text queries).</summary>
    public int ColoursPerPhoto { get; set; } = 1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A key is empty, a template is empty or lacks a placeholder it needs, or a count is negative.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ColourKey) || (PatternKey is not null && string.IsNullOrWhiteSpace(PatternKey)))
        {
            throw new ArgumentException("The colour key (and the pattern key, when set) must be non-empty metadata keys.");
        }

        if (PhotosPerGroup < 0 || ColoursPerPhoto < 0)
        {
            throw new ArgumentException($"PhotosPerGroup and ColoursPerPhoto must be 0 or more; got {PhotosPerGroup} and {ColoursPerPhoto}.");
        }

        RequirePlaceholder(ColourTemplates, "{colour}", nameof(ColourTemplates));
        RequirePlaceholder(PatternTemplates, "{pattern}", nameof(PatternTemplates));
        RequirePlaceholder(PhotoTextTemplates, "{colour}", nameof(PhotoTextTemplates));
    }

    private static void RequirePlaceholder(IList<string> templates, string placeholder, string name)
    {
        foreach (var template in templates)
        {
            if (string.IsNullOrWhiteSpace(template) || !template.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Every template in {name} must contain {placeholder}; got '{template}'.");
            }
        }
    }
}
