namespace MultimodalSearch.Catalog.Providers;

/// <summary>For store authors: the checks every <see cref="ICatalogStore"/> makes on a query before it searches.</summary>
public static class CatalogQueryValidator
{
    /// <summary>Checks the query and throws if it cannot be run.</summary>
    /// <param name="query">The query.</param>
    /// <param name="dimensions">The store's vector dimensions, or 0 when not known yet.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Neither text nor image, negative or all-zero weights, a non-positive <see cref="CatalogQuery.Top"/>, a dimension
    /// mismatch, a NaN or infinite vector value, or a null category.
    /// </exception>
    public static void Validate(CatalogQuery query, int dimensions = 0)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Text is null && query.Image is null)
        {
            throw new ArgumentException("A catalog query needs a text embedding, an image embedding, or both.", nameof(query));
        }

        if (query.Top <= 0)
        {
            throw new ArgumentException($"Top must be positive; got {query.Top}.", nameof(query));
        }

        if (query.TextWeight < 0 || query.ImageWeight < 0 || float.IsNaN(query.TextWeight) || float.IsNaN(query.ImageWeight))
        {
            throw new ArgumentException($"Weights must be zero or positive; got text {query.TextWeight}, image {query.ImageWeight}.", nameof(query));
        }

        if (CatalogScoring.TextWeight(query) + CatalogScoring.ImageWeight(query) <= 0)
        {
            throw new ArgumentException("The weights of the parts present are all zero.", nameof(query));
        }

        if (dimensions > 0 && query.Text is not null && query.Text.Dimensions != dimensions)
        {
            throw new ArgumentException($"The text embedding has {query.Text.Dimensions} dimensions; the catalog has {dimensions}.", nameof(query));
        }

        if (dimensions > 0 && query.Image is not null && query.Image.Dimensions != dimensions)
        {
            throw new ArgumentException($"The image embedding has {query.Image.Dimensions} dimensions; the catalog has {dimensions}.", nameof(query));
        }

        if (query.Text is not null)
        {
            CatalogBatchValidator.CheckValues(query.Text.Vector.Span, float.MaxValue, "The query's text embedding", nameof(query));
        }

        if (query.Image is not null)
        {
            CatalogBatchValidator.CheckValues(query.Image.Vectors.Span, float.MaxValue, "The query's image embedding", nameof(query));
        }

        if (query.Categories?.Any(category => category is null) == true)
        {
            throw new ArgumentException("The query's categories must not contain null.", nameof(query));
        }
    }
}
