namespace MultimodalSearch.Catalog.Providers;

/// <summary>
/// For store authors: the exact score every <see cref="ICatalogStore"/> gives an item for a <see cref="CatalogQuery"/>,
/// and the hit it returns, so that stores rank alike. A store may pick candidates with an index, but scores them here.
/// </summary>
public static class CatalogScoring
{
    /// <summary>Gets the text weight that applies: 0 when the query has no text.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static float TextWeight(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Text is null ? 0f : query.TextWeight;
    }

    /// <summary>Gets the image weight that applies: 0 when the query has no image.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The weight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static float ImageWeight(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Image is null ? 0f : query.ImageWeight;
    }

    /// <summary>Scores one item's query vectors against <paramref name="query"/>, exactly, as every store does.</summary>
    /// <param name="query">The query, checked with <see cref="CatalogQueryValidator.Validate(CatalogQuery, int)"/>.</param>
    /// <param name="itemVectors">The item's query vectors, row-major.</param>
    /// <param name="dimensions">The width of one vector.</param>
    /// <returns>The weighted mean of the text score and the image score over the parts present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static float Score(CatalogQuery query, ReadOnlySpan<float> itemVectors, int dimensions)
    {
        var textWeight = TextWeight(query);
        var imageWeight = ImageWeight(query);
        var score = 0f;
        if (textWeight > 0)
        {
            score += textWeight * EmbeddingSimilarity.MaxDot(query.Text!.Vector.Span, itemVectors, dimensions);
        }

        if (imageWeight > 0)
        {
            score += imageWeight * EmbeddingSimilarity.ImageToImage(query.Image!.Vectors.Span, itemVectors, dimensions, query.ImageSimilarity);
        }

        return score / (textWeight + imageWeight);
    }

    /// <summary>Creates the hit a store returns for <paramref name="item"/> with <paramref name="score"/>.</summary>
    /// <param name="item">The item.</param>
    /// <param name="score">The score.</param>
    /// <returns>The hit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static CatalogHit Hit(CatalogItem item, float score)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.Category, item.Name, item.ImageLocation, item.Metadata, score);
    }
}
