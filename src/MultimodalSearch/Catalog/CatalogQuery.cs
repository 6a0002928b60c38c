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

    /// <summary>Checks the query and throws if it cannot be run.</summary>
    /// <param name="dimensions">The store's vector dimensions, or 0 when not known yet.</param>
    /// <exception cref="ArgumentException">Neither text nor image, negative or all-zero weights, a dimension mismatch, or a non-positive <see cref="Top"/>.</exception>
    public void Validate(int dimensions = 0)
    {
        if (Text is null && Image is null)
        {
            throw new ArgumentException("A catalog query needs a text embedding, an image embedding, or both.");
        }

        if (Top <= 0)
        {
            throw new ArgumentException($"Top must be positive; got {Top}.");
        }

        if (TextWeight < 0 || ImageWeight < 0 || float.IsNaN(TextWeight) || float.IsNaN(ImageWeight))
        {
            throw new ArgumentException($"Weights must be zero or positive; got text {TextWeight}, image {ImageWeight}.");
        }

        if (EffectiveTextWeight + EffectiveImageWeight <= 0)
        {
            throw new ArgumentException("The weights of the parts present are all zero.");
        }

        if (dimensions > 0)
        {
            if (Text is not null && Text.Dimensions != dimensions)
            {
                throw new ArgumentException($"The text embedding has {Text.Dimensions} dimensions; the catalog has {dimensions}.");
            }

            if (Image is not null && Image.Dimensions != dimensions)
            {
                throw new ArgumentException($"The image embedding has {Image.Dimensions} dimensions; the catalog has {dimensions}.");
            }
        }
    }

    /// <summary>Gets the text weight that applies: 0 when there is no text.</summary>
    public float EffectiveTextWeight => Text is null ? 0f : TextWeight;

    /// <summary>Gets the image weight that applies: 0 when there is no image.</summary>
    public float EffectiveImageWeight => Image is null ? 0f : ImageWeight;

    /// <summary>Scores one item's query vectors against this query, exactly, as every store does.</summary>
    /// <param name="itemVectors">The item's query vectors, row-major.</param>
    /// <param name="dimensions">The width of one vector.</param>
    /// <returns>The score.</returns>
    public float Score(ReadOnlySpan<float> itemVectors, int dimensions)
    {
        var textWeight = EffectiveTextWeight;
        var imageWeight = EffectiveImageWeight;
        var score = 0f;
        if (textWeight > 0)
        {
            score += textWeight * EmbeddingSimilarity.MaxDot(Text!.Vector.Span, itemVectors, dimensions);
        }

        if (imageWeight > 0)
        {
            score += imageWeight * EmbeddingSimilarity.ImageToImage(Image!.Vectors.Span, itemVectors, dimensions, ImageSimilarity);
        }

        return score / (textWeight + imageWeight);
    }
}
