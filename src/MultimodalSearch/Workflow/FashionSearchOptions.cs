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

    /// <summary>Lists what is wrong with the options.</summary>
    /// <returns>One message per problem; empty when the options are valid.</returns>
    internal IEnumerable<string> GetErrors()
    {
        if (!(TextWeight >= 0) || !(ImageWeight >= 0) || float.IsInfinity(TextWeight) || float.IsInfinity(ImageWeight) || TextWeight + ImageWeight <= 0)
        {
            yield return $"MultimodalSearch:Workflow:TextWeight and ImageWeight must be finite, zero or positive, and not both zero; got {TextWeight} and {ImageWeight}.";
        }

        if (!Enum.IsDefined(ImageSimilarity))
        {
            yield return $"MultimodalSearch:Workflow:ImageSimilarity '{ImageSimilarity}' is not one of {string.Join(", ", Enum.GetNames<ImageSimilarity>())}.";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"MultimodalSearch:Workflow:RequestTimeout must be positive; got {RequestTimeout}.";
        }

        if (MaxMessageLength < 1)
        {
            yield return $"MultimodalSearch:Workflow:MaxMessageLength must be at least 1; got {MaxMessageLength}.";
        }
    }
}
