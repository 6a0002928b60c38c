using System.Numerics.Tensors;

namespace MultimodalSearch.Catalog.Providers;

/// <summary>
/// For store authors: the checks every <see cref="ICatalogStore"/> makes on a batch before anything is written, so
/// that bad input fails with a clear <see cref="ArgumentException"/> and the catalog is left as it was.
/// </summary>
public static class CatalogBatchValidator
{
    /// <summary>Checks a batch against the catalog's shape (or, for an empty catalog, against the batch's first item).</summary>
    /// <param name="items">The batch.</param>
    /// <param name="dimensions">The catalog's vector width, or 0 when it has none yet.</param>
    /// <param name="queryCount">The catalog's query vectors per item, or 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">An item has an empty id or category, a null field, a duplicate id, another shape, or a NaN or infinite vector value.</exception>
    public static void Validate(IReadOnlyList<CatalogItem> items, int dimensions = 0, int queryCount = 0) =>
        Validate(items, dimensions, queryCount, float.MaxValue, "");

    /// <summary>As <see cref="Validate(IReadOnlyList{CatalogItem}, int, int)"/>, for a store that keeps values only up to <paramref name="maxMagnitude"/> (<paramref name="range"/> names that range).</summary>
    internal static void Validate(IReadOnlyList<CatalogItem> items, int dimensions, int queryCount, float maxMagnitude, string range)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ids = new HashSet<string>(items.Count, StringComparer.Ordinal);
        var against = "the catalog has";
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
                against = "the first item of the batch has";
            }

            if (item.Embedding.Dimensions != dimensions || item.Embedding.QueryCount != queryCount)
            {
                throw new ArgumentException(
                    $"Item '{item.Id}' has {item.Embedding.QueryCount} query vectors of {item.Embedding.Dimensions} dimensions; {against} {queryCount} of {dimensions}.",
                    nameof(items));
            }

            CheckValues(item.Embedding.Vectors.Span, maxMagnitude, $"The embedding of item '{item.Id}'", nameof(items), range);
        }
    }

    /// <summary>Throws when <paramref name="values"/> hold a NaN, an infinity or a value beyond <paramref name="maxMagnitude"/>.</summary>
    internal static void CheckValues(ReadOnlySpan<float> values, float maxMagnitude, string what, string parameter, string range = "")
    {
        // MaxMagnitude propagates NaN, so one SIMD pass finds NaN, infinities and values too large; the position is looked for only then.
        var largest = MathF.Abs(TensorPrimitives.MaxMagnitude(values));
        if (float.IsFinite(largest) && largest <= maxMagnitude)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{what} has a non-finite value ({values[i]}) at position {i}.", parameter);
            }

            if (MathF.Abs(values[i]) > maxMagnitude)
            {
                throw new ArgumentException($"{what} has a value of magnitude {MathF.Abs(values[i])} at position {i}, beyond the {range} range of the store ({maxMagnitude}).", parameter);
            }
        }
    }
}
