namespace MultimodalSearch;

/// <summary>Options of the intent classifiers, bound from <c>MultimodalSearch:Intent</c>.</summary>
public sealed class IntentClassifierOptions
{
    /// <summary>The configuration section, under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Intent";

    /// <summary>Gets or sets the most items per category a shopper can ask for (default 10); larger numbers are capped.</summary>
    public int MaxItems { get; set; } = 10;

    /// <summary>Gets or sets how many items to find when the message names no category, no number and comes without a photo (default 3).</summary>
    public int DefaultCount { get; set; } = 3;

    /// <summary>Gets or sets how many items to find when one category is asked for in the plural with no number (default 2).</summary>
    public int PluralCount { get; set; } = 2;

    /// <summary>Gets or sets how long the language model may take before the offline classifier answers instead (default 15 s).</summary>
    public TimeSpan LlmTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets the words and phrases that name a category, mapped to the category (for example <c>sneakers</c> to
    /// <c>shoes</c>), on top of <see cref="DefaultSynonyms"/> unless <see cref="UseDefaultSynonyms"/> is false.
    /// Keys are matched case-insensitively as whole words, with regular plurals; a target names a catalog category
    /// loosely (case, punctuation and a plural <c>s</c> do not matter, so <c>t-shirt</c> also finds <c>Tshirts</c>).
    /// Targets the catalog does not have are ignored; an empty target removes a default synonym.
    /// </summary>
    public IDictionary<string, string> Synonyms { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets whether <see cref="DefaultSynonyms"/> apply (default true).</summary>
    public bool UseDefaultSynonyms { get; set; } = true;

    /// <summary>Gets the built-in clothing synonyms (tee and t shirt to t-shirt, trousers, chinos and jeans to pants, sneakers to shoes, coat to jacket, ...).</summary>
    public static IReadOnlyDictionary<string, string> DefaultSynonyms => ClothingSynonyms.Table;
}
