using System.Numerics.Tensors;

namespace MultimodalSearch.Embedded;

/// <summary>Checks a batch of items and a query's vectors before anything is written or scanned.</summary>
internal static class CatalogItemValidator
{
    /// <summary>The largest magnitude a float16 value can hold.</summary>
    private const float MaxHalf = 65504f;

    /// <summary>Checks a batch against the catalog's shape (or, for an empty catalog, against its first item).</summary>
    /// <param name="items">The batch.</param>
    /// <param name="dimensions">The catalog's vector width, or 0 when it has none yet.</param>
    /// <param name="queryCount">The catalog's query vectors per item, or 0.</param>
    /// <param name="precision">How vectors are kept.</param>
    /// <exception cref="ArgumentException">An item is null, has an empty id or category, a null field, a duplicate id, another shape, or a value that cannot be stored.</exception>
    public static void Validate(IReadOnlyList<CatalogItem> items, int dimensions, int queryCount, EmbeddedVectorPrecision precision)
    {
        var ids = new HashSet<string>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentNullException(nameof(items), $"Item {i} of the batch is null.");
            if (string.IsNullOrEmpty(item.Id))
            {
                throw new ArgumentException($"Item {i} of the batch has an empty id.", nameof(items));
            }

            if (string.IsNullOrEmpty(item.Category))
            {
                throw new ArgumentException($"Item '{item.Id}' has an empty category.", nameof(items));
            }

            if (!ids.Add(item.Id))
            {
                throw new ArgumentException($"The id '{item.Id}' appears more than once in the batch; ids must be unique within a batch.", nameof(items));
            }

            if (item.Name is null || item.Metadata is null || item.Embedding is null || item.Metadata.Values.Any(value => value is null))
            {
                throw new ArgumentException($"Item '{item.Id}' has a null name, metadata, metadata value or embedding.", nameof(items));
            }

            if (dimensions == 0)
            {
                dimensions = item.Embedding.Dimensions;
                queryCount = item.Embedding.QueryCount;
            }

            if (item.Embedding.Dimensions != dimensions || item.Embedding.QueryCount != queryCount)
            {
                throw new ArgumentException(
                    $"Item '{item.Id}' has {item.Embedding.QueryCount} query vectors of {item.Embedding.Dimensions} dimensions; the catalog has {queryCount} of {dimensions}.",
                    nameof(items));
            }

            CheckValues(item.Embedding.Vectors.Span, precision, $"Item '{item.Id}'", nameof(items));
        }
    }

    /// <summary>Checks that the query's vectors hold only finite values.</summary>
    /// <param name="query">The query.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static void ValidateQueryValues(CatalogQuery query)
    {
        if (query.Text is not null)
        {
            CheckValues(query.Text.Vector.Span, EmbeddedVectorPrecision.Float32, "The query's text embedding", nameof(query));
        }

        if (query.Image is not null)
        {
            CheckValues(query.Image.Vectors.Span, EmbeddedVectorPrecision.Float32, "The query's image embedding", nameof(query));
        }

        if (query.Categories?.Any(category => category is null) == true)
        {
            throw new ArgumentException("The query's categories must not contain null.", nameof(query));
        }
    }

    private static void CheckValues(ReadOnlySpan<float> values, EmbeddedVectorPrecision precision, string what, string parameter)
    {
        // MaxMagnitude propagates NaN, so one SIMD pass finds NaN, infinities and values too large for float16.
        var largest = MathF.Abs(TensorPrimitives.MaxMagnitude(values));
        if (!float.IsFinite(largest))
        {
            throw new ArgumentException($"{what} has a NaN or infinite value.", parameter);
        }

        if (precision == EmbeddedVectorPrecision.Float16 && largest > MaxHalf)
        {
            throw new ArgumentException($"{what} has a value of magnitude {largest}, beyond the float16 range of the store ({MaxHalf}).", parameter);
        }
    }
}
