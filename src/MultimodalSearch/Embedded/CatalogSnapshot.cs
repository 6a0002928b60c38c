using System.Collections.Immutable;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Embedded;

/// <summary>
/// One committed state of the embedded catalog. Immutable: searches run on the snapshot they started
/// with while a writer builds and publishes the next one.
/// </summary>
/// <param name="precision">How vectors are kept.</param>
/// <param name="dimensions">The width of a vector; 0 while the catalog has never held an item.</param>
/// <param name="queryCount">The number of query vectors per item; 0 likewise.</param>
/// <param name="items">The items by id.</param>
/// <param name="partitions">The non-empty partitions by category, ordinal order.</param>
/// <param name="liveBytes">The log bytes the live items take.</param>
/// <param name="quantized">Whether partitions keep an int8 copy of the vectors for photo scans (<see cref="ItemQuantizer"/>).</param>
internal sealed class CatalogSnapshot(
    EmbeddedVectorPrecision precision,
    int dimensions,
    int queryCount,
    ImmutableDictionary<string, StoredItem> items,
    ImmutableSortedDictionary<string, CategoryPartition> partitions,
    long liveBytes,
    bool quantized = false)
{
    /// <summary>Gets whether partitions keep an int8 copy of the vectors for photo scans.</summary>
    public bool Quantized { get; } = quantized;

    /// <summary>Gets how vectors are kept.</summary>
    public EmbeddedVectorPrecision Precision { get; } = precision;

    /// <summary>Gets the width of a vector; 0 while the catalog has never held an item.</summary>
    public int Dimensions { get; } = dimensions;

    /// <summary>Gets the number of query vectors per item; 0 while the catalog has never held an item.</summary>
    public int QueryCount { get; } = queryCount;

    /// <summary>Gets the items by id.</summary>
    public ImmutableDictionary<string, StoredItem> Items { get; } = items;

    /// <summary>Gets the non-empty partitions by category, in ordinal order.</summary>
    public ImmutableSortedDictionary<string, CategoryPartition> Partitions { get; } = partitions;

    /// <summary>Gets the log bytes that the live items take.</summary>
    public long LiveBytes { get; } = liveBytes;

    /// <summary>Gets the catalog's facets, computed once per snapshot on first use.</summary>
    public CatalogFacets Facets => LazyInitializer.EnsureInitialized(ref _facets, BuildFacets);

    private CatalogFacets? _facets;

    /// <summary>Creates an empty snapshot.</summary>
    /// <param name="precision">How vectors are kept.</param>
    /// <param name="quantized">Whether partitions keep an int8 copy of the vectors.</param>
    /// <returns>The snapshot.</returns>
    public static CatalogSnapshot Empty(EmbeddedVectorPrecision precision, bool quantized = false) =>
        new(precision, 0, 0, ImmutableDictionary.Create<string, StoredItem>(StringComparer.Ordinal), ImmutableSortedDictionary.Create<string, CategoryPartition>(StringComparer.Ordinal), 0, quantized);

    /// <summary>Gets an item with a copy of its vectors.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The item, or null.</returns>
    public CatalogItem? Get(string id)
    {
        if (!Items.TryGetValue(id, out var stored))
        {
            return null;
        }

        var vectors = new float[Dimensions * QueryCount];
        Partitions[stored.Category].CopyVectors(stored.Slot, vectors);
        return new CatalogItem
        {
            Id = stored.Id,
            Category = stored.Category,
            Name = stored.Name,
            ImageLocation = stored.ImageLocation,
            ContentHash = stored.ContentHash,
            Metadata = stored.Metadata,
            Embedding = new ImageEmbedding(vectors, QueryCount),
        };
    }

    private CatalogFacets BuildFacets()
    {
        var facets = new CatalogFacetsBuilder();
        foreach (var item in Items.Values)
        {
            facets.Add(item.Category, item.Metadata);
        }

        return facets.Build();
    }
}
