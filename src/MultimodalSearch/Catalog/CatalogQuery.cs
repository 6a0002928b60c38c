namespace MultimodalSearch;

/// <summary>
/// A catalog search: a text embedding, an image embedding, or both, an optional category filter and
/// the number of results.
/// </summary>
/// <remarks>
/// The score of an item is
/// <c>(TextWeight * text score + ImageWeight * image score) / (TextWeight + ImageWeight)</c> over the parts
/// present, where the text score is BLIP-2's (<see cref="EmbeddingSimilarity.TextToImage(TextEmbedding, ImageEmbedding)"/>)
/// and the image score is <see cref="EmbeddingSimilarity.ImageToImage(ImageEmbedding, ImageEmbedding, ImageSimilarity)"/>
/// with <see cref="ImageSimilarity"/>. A weight of 0 leaves that part out; ties are broken by id (ordinal).
/// </remarks>
public sealed record CatalogQuery
{
    /// <summary>Gets the text embedding to match, if any.</summary>
    public TextEmbedding? Text { get; init; }

    /// <summary>Gets the image embedding to match, if any.</summary>
    public ImageEmbedding? Image { get; init; }

    /// <summary>Gets the weight of the text score (default 1).</summary>
    public float TextWeight { get; init; } = 1f;

    /// <summary>Gets the weight of the image score (default 1).</summary>
    public float ImageWeight { get; init; } = 1f;

    /// <summary>Gets how the image is compared with items (default <see cref="ImageSimilarity.MeanOfBestMatches"/>).</summary>
    public ImageSimilarity ImageSimilarity { get; init; } = ImageSimilarity.MeanOfBestMatches;

    /// <summary>Gets the categories to search in; null or empty searches every category.</summary>
    public IReadOnlyCollection<string>? Categories { get; init; }

    /// <summary>Gets the number of results wanted (default 10).</summary>
    public int Top { get; init; } = 10;
}
