using System.Collections.Immutable;

namespace MultimodalSearch.Embedded;

/// <summary>Applies upserts and deletes to a snapshot, copying only the partitions they touch.</summary>
internal sealed class SnapshotBuilder
{
    private readonly CatalogSnapshot _origin;
    private readonly ImmutableDictionary<string, StoredItem>.Builder _items;
    private readonly Dictionary<string, PartitionBuilder> _touched = new(StringComparer.Ordinal);
    private long _liveBytes;

    /// <summary>Starts from <paramref name="origin"/>.</summary>
    /// <param name="origin">The snapshot to build on.</param>
    public SnapshotBuilder(CatalogSnapshot origin)
    {
        _origin = origin;
        _items = origin.Items.ToBuilder();
        _liveBytes = origin.LiveBytes;
        Dimensions = origin.Dimensions;
        QueryCount = origin.QueryCount;
    }

    /// <summary>Gets the width of a vector; 0 until the first item.</summary>
    public int Dimensions { get; private set; }

    /// <summary>Gets the query vectors per item; 0 until the first item.</summary>
    public int QueryCount { get; private set; }

    /// <summary>Gets the number of items.</summary>
    public int Count => _items.Count;

    /// <summary>Fixes the catalog's shape when it has none yet.</summary>
    /// <param name="dimensions">The width of a vector.</param>
    /// <param name="queryCount">The query vectors per item.</param>
    public void SetShape(int dimensions, int queryCount)
    {
        if (Dimensions == 0)
        {
            Dimensions = dimensions;
            QueryCount = queryCount;
        }
    }

    /// <summary>Adds or replaces an item whose vectors are float32.</summary>
    /// <param name="fields">The item's fields (its <see cref="StoredItem.Slot"/> is ignored).</param>
    /// <param name="vectors">The vectors.</param>
    public void Upsert(StoredItem fields, ReadOnlySpan<float> vectors)
    {
        var partition = Remove(fields.Id, fields.Category);
        Add(partition, fields, partition.Append(vectors));
    }

    /// <summary>Adds or replaces an item whose vectors are float16.</summary>
    /// <param name="fields">The item's fields (its <see cref="StoredItem.Slot"/> is ignored).</param>
    /// <param name="vectors">The vectors.</param>
    public void Upsert(StoredItem fields, ReadOnlySpan<Half> vectors)
    {
        var partition = Remove(fields.Id, fields.Category);
        Add(partition, fields, partition.Append(vectors));
    }

    /// <summary>Deletes an item.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Whether there was such an item.</returns>
    public bool Delete(string id)
    {
        if (!_items.TryGetValue(id, out var old))
        {
            return false;
        }

        Partition(old.Category).Kill(old.Slot);
        _items.Remove(id);
        _liveBytes -= old.SerializedBytes;
        return true;
    }

    /// <summary>Builds the snapshot.</summary>
    /// <returns>The snapshot.</returns>
    public CatalogSnapshot Build()
    {
        var partitions = _origin.Partitions.ToBuilder();
        var relocated = new List<StoredItem>();
        foreach (var (category, builder) in _touched)
        {
            var partition = builder.Build(relocated);
            if (partition is null)
            {
                partitions.Remove(category);
            }
            else
            {
                partitions[category] = partition;
            }
        }

        foreach (var item in relocated)
        {
            _items[item.Id] = item;
        }

        return new CatalogSnapshot(_origin.Precision, Dimensions, QueryCount, _items.ToImmutable(), partitions.ToImmutable(), _liveBytes, _origin.Quantized);
    }

    private PartitionBuilder Remove(string id, string category)
    {
        Delete(id);
        return Partition(category);
    }

    private void Add(PartitionBuilder partition, StoredItem fields, int slot)
    {
        var item = fields with { Slot = slot };
        partition.SetItem(item);
        _items[item.Id] = item;
        _liveBytes += item.SerializedBytes;
    }

    private PartitionBuilder Partition(string category)
    {
        if (!_touched.TryGetValue(category, out var builder))
        {
            _origin.Partitions.TryGetValue(category, out var existing);
            // Widths the int8 kernel does not run for keep no copy (the same for every partition: the width is the catalog's).
            var quantize = _origin.Quantized && QuantizedScanKernel.SupportsWidth(Dimensions);
            builder = new PartitionBuilder(category, _origin.Precision, Dimensions * QueryCount, existing, quantize) { Dimensions = Dimensions };
            _touched.Add(category, builder);
        }

        return builder;
    }
}
