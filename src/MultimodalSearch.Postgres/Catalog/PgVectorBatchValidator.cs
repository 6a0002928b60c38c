using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Checks a batch before anything is written, so that bad input fails with a clear message and the
/// catalog is left as it was.
/// </summary>
internal static class PgVectorBatchValidator
{
    /// <summary>The most query vectors per item: the vectors table keys them by a smallint.</summary>
    public const int MaxQueryCount = short.MaxValue;

    /// <summary>
    /// Validates <paramref name="items"/> against the catalog's shape, or against each other when the catalog has none yet:
    /// the checks every store makes (<see cref="CatalogBatchValidator"/>), then what PostgreSQL and the vectors table can hold.
    /// </summary>
    /// <param name="items">The batch.</param>
    /// <param name="catalog">The catalog's shape, or null when it holds no vectors yet.</param>
    /// <param name="requiredDimensions">The width the options require, if any.</param>
    /// <returns>The batch's shape (null for an empty batch).</returns>
    /// <exception cref="ArgumentException">An item is null, has an empty id or category, repeats an id, holds text PostgreSQL cannot store, or has another shape.</exception>
    public static PgVectorCatalogShape? Validate(IReadOnlyList<CatalogItem> items, PgVectorCatalogShape? catalog, int? requiredDimensions)
    {
        CatalogBatchValidator.Validate(items, catalog?.Dimensions ?? 0, catalog?.QueryCount ?? 0);
        foreach (var item in items)
        {
            Throw(StorableError(item), nameof(items));
        }

        if (catalog is not null || items.Count == 0)
        {
            return catalog;
        }

        var shape = new PgVectorCatalogShape(items[0].Embedding.Dimensions, items[0].Embedding.QueryCount);
        Throw(SupportError(items[0].Id, shape, requiredDimensions), nameof(items));
        return shape;
    }

    private static void Throw(string? error, string paramName)
    {
        if (error is not null)
        {
            throw new ArgumentException(error, paramName);
        }
    }

    private static string? SupportError(string id, PgVectorCatalogShape shape, int? requiredDimensions)
    {
        if (requiredDimensions is { } required && shape.Dimensions != required)
        {
            return $"Item '{id}' has {shape.Dimensions} dimensions; the catalog is configured for {required}.";
        }

        if (shape.Dimensions > PgVectorCatalogOptionsValidator.MaxDimensions)
        {
            return $"Item '{id}' has {shape.Dimensions} dimensions; pgvector's HNSW index takes at most {PgVectorCatalogOptionsValidator.MaxDimensions}.";
        }

        if (shape.QueryCount > MaxQueryCount)
        {
            return $"Item '{id}' has {shape.QueryCount} query vectors; the catalog takes at most {MaxQueryCount}.";
        }

        return null;
    }

    private static string? StorableError(CatalogItem item)
    {
        var error = TextError(item.Id, "id", item.Id)
            ?? TextError(item.Id, "category", item.Category)
            ?? TextError(item.Id, "name", item.Name)
            ?? TextError(item.Id, "image location", item.ImageLocation)
            ?? TextError(item.Id, "content hash", item.ContentHash);
        if (error is not null || item.Metadata is null)
        {
            return error;
        }

        foreach (var (key, value) in item.Metadata)
        {
            error = TextError(item.Id, "metadata key", key) ?? TextError(item.Id, "metadata value", value);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Rejects what PostgreSQL's text and jsonb cannot hold (NUL) or UTF-8 cannot encode (lone surrogates), rather than altering it.</summary>
    private static string? TextError(string id, string what, string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return $"The {what} of item '{Printable(id)}' contains U+0000, which PostgreSQL text cannot store.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"The {what} of item '{Printable(id)}' contains an unpaired surrogate (U+{(int)c:X4}), which is not valid Unicode.";
            }
        }

        return null;
    }

    private static string Printable(string value) => value.Replace("\0", "\\0", StringComparison.Ordinal);
}
