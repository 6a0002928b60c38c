namespace MultimodalSearch;

/// <summary>Options of the shopping workflow, bound from <c>MultimodalSearch:Workflow</c>.</summary>
public sealed class FashionSearchOptions
{
    /// <summary>The configuration section, under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Workflow";

    /// <summary>Gets or sets the weight of the text score when a photo and a message are searched together (default 1); 0 searches by the photo alone.</summary>
    public float TextWeight { get; set; } = 1f;

    /// <summary>
    /// Gets or sets the weight of the photo's score when a photo and a message are searched together (default 2); 0
    /// searches by the text alone. Photo-to-photo scores spread far less than text scores, so the photo needs the
    /// larger weight to count: at 1:2 on the demo catalog a colour in the text still wins for 99% of the items,
    /// and with a text that names only the category, 88% have the photo's colour (docs/workflow.md).
    /// </summary>
    public float ImageWeight { get; set; } = 2f;

    /// <summary>
    /// Gets or sets whether each category is searched with the phrase of the message that names it
    /// (<see cref="IntentClassification.SearchTexts"/>, default true) rather than the whole message. On the demo
    /// catalog it finds the right colour for 100% of the items of two-category requests, against 41% with the
    /// whole message (docs/workflow.md).
    /// </summary>
    public bool SearchWithCategoryPhrases { get; set; } = true;

    /// <summary>Gets or sets how the shopper's photo is compared with catalog images (default <see cref="ImageSimilarity.MeanOfBestMatches"/>).</summary>
    public ImageSimilarity ImageSimilarity { get; set; } = ImageSimilarity.MeanOfBestMatches;

    /// <summary>Gets or sets how long one request may take in all (default 2 minutes); past it the request fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the longest message accepted, in characters (default 2000).</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>
    /// Gets or sets what makes two items the same product, shown once: <c>name</c> (the display name, the default), a
    /// metadata attribute (for example <c>styleId</c>), or empty to show every item. "Two black t-shirts" then shows two
    /// different products, not two photos of one.
    /// </summary>
    public string DistinctBy { get; set; } = "name";

    /// <summary>
    /// Gets or sets whether items whose metadata has the attribute values asked for ("red") come first (default true).
    /// The search scores by meaning; the metadata says for certain. Turn it off for a catalog whose metadata is unreliable.
    /// </summary>
    public bool RankByAttributes { get; set; } = true;

    /// <summary>
    /// Gets or sets how much broad requests (no category: "something red") trade relevance for variety, from 0 (off, the
    /// default) to 1: the items are chosen by maximal marginal relevance, each next item the one with the best
    /// <c>(1 - Diversity) * score - Diversity * (its photo's similarity to an item already chosen)</c>.
    /// </summary>
    public double Diversity { get; set; }

    /// <summary>
    /// Gets or sets the photo-to-photo similarity from which two items count as the same product whatever their names
    /// (near-identical images), or null (the default) to compare names only. Image scores of one category crowd near
    /// 0.99 on the demo model, so a useful value is close to 1 (for example 0.9995).
    /// </summary>
    public float? NearDuplicateSimilarity { get; set; }

    /// <summary>
    /// Gets or sets how many candidates each search fetches per item wanted (default 5, at least 20 in all), from which
    /// repeated products and items already shown are dropped and items with the requested attributes are put first.
    /// </summary>
    public int CandidatesPerItem { get; set; } = 5;

    /// <summary>Gets or sets the most turns a conversation may carry (default 20); the result's conversation keeps the latest this many.</summary>
    public int MaxConversationTurns { get; set; } = 20;

    /// <summary>Gets or sets the largest conversation accepted, in bytes of its JSON (default 65,536).</summary>
    public int MaxConversationBytes { get; set; } = 65_536;
}
