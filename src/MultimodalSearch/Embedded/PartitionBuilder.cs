using System.Numerics.Tensors;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Builds the next version of a <see cref="CategoryPartition"/>: appends vectors past the slots that
/// published snapshots can see, kills slots, and rewrites the partition when dead slots outnumber live ones.
/// </summary>
internal sealed class PartitionBuilder
{
    private const int FirstChunkItems = 4;
    private const int MinDeadSlotsToRewrite = 32;

    private readonly List<Array> _chunks;
    private readonly List<StoredItem?> _slots;
    private readonly EmbeddedVectorPrecision _precision;
    private readonly int _valuesPerItem;
    private readonly bool _quantize;
    private readonly List<byte[]> _codes;
    private readonly List<float[]> _meta;
    private int _live;
    private float _maxRowNorm;

    /// <summary>Starts from <paramref name="existing"/>, or from nothing.</summary>
    /// <param name="category">The category.</param>
    /// <param name="precision">How vectors are kept.</param>
    /// <param name="valuesPerItem">Query count x dimensions.</param>
    /// <param name="existing">The partition as published, if any.</param>
    /// <param name="quantize">Whether to keep an int8 copy of the vectors (<see cref="ItemQuantizer"/>); <paramref name="existing"/> must have one too.</param>
    public PartitionBuilder(string category, EmbeddedVectorPrecision precision, int valuesPerItem, CategoryPartition? existing, bool quantize = false)
    {
        if (quantize && existing is not null && existing.Quantized is null)
        {
            throw new InvalidOperationException("A partition without an int8 copy cannot be extended with one.");
        }

        _quantize = quantize;
        _codes = existing?.Quantized is { } codes ? [.. codes.CopyCodes()] : [];
        _meta = existing?.Quantized is { } meta ? [.. meta.CopyMeta()] : [];
        Category = category;
        _precision = precision;
        _valuesPerItem = valuesPerItem;
        _chunks = existing is null ? [] : [.. existing.CopyChunks()];
        _slots = existing is null ? [] : [.. existing.Slots];
        _live = existing?.LiveCount ?? 0;
        _maxRowNorm = existing?.MaxRowNorm ?? 0;
    }

    /// <summary>Gets the width of one row, for tracking row norms.</summary>
    public int Dimensions { get; init; }

    /// <summary>Gets the category.</summary>
    public string Category { get; }

    /// <summary>Appends float32 vectors in a new slot.</summary>
    /// <param name="vectors">The vectors (<c>valuesPerItem</c> values).</param>
    /// <returns>The slot.</returns>
    public int Append(ReadOnlySpan<float> vectors)
    {
        var (chunk, offset) = ReserveSlot();
        if (_precision == EmbeddedVectorPrecision.Float16)
        {
            TensorPrimitives.ConvertToHalf(vectors, ((Half[])chunk).AsSpan(offset, _valuesPerItem));
        }
        else
        {
            vectors.CopyTo(((float[])chunk).AsSpan(offset, _valuesPerItem));
        }

        TrackNormsAndQuantize(chunk, offset);
        return _slots.Count - 1;
    }

    /// <summary>Appends float16 vectors in a new slot.</summary>
    /// <param name="vectors">The vectors (<c>valuesPerItem</c> values).</param>
    /// <returns>The slot.</returns>
    public int Append(ReadOnlySpan<Half> vectors)
    {
        var (chunk, offset) = ReserveSlot();
        if (_precision == EmbeddedVectorPrecision.Float16)
        {
            vectors.CopyTo(((Half[])chunk).AsSpan(offset, _valuesPerItem));
        }
        else
        {
            TensorPrimitives.ConvertToSingle(vectors, ((float[])chunk).AsSpan(offset, _valuesPerItem));
        }

        TrackNormsAndQuantize(chunk, offset);
        return _slots.Count - 1;
    }

    /// <summary>Puts <paramref name="item"/> in the slot that <see cref="Append(ReadOnlySpan{float})"/> returned.</summary>
    /// <param name="item">The item, whose <see cref="StoredItem.Slot"/> is that slot.</param>
    public void SetItem(StoredItem item)
    {
        _slots[item.Slot] = item;
        _live++;
    }

    /// <summary>Marks a slot dead.</summary>
    /// <param name="slot">The slot.</param>
    public void Kill(int slot)
    {
        _slots[slot] = null;
        _live--;
    }

    /// <summary>Builds the partition.</summary>
    /// <param name="relocated">Receives the items whose slot changed because the partition was rewritten.</param>
    /// <returns>The partition, or null when no item is left.</returns>
    public CategoryPartition? Build(List<StoredItem> relocated)
    {
        if (_live == 0)
        {
            return null;
        }

        var dead = _slots.Count - _live;
        if (dead >= MinDeadSlotsToRewrite && dead > _live)
        {
            return Rewrite(relocated);
        }

        return new CategoryPartition(Category, _precision, _valuesPerItem, [.. _chunks], [.. _slots], _live, _maxRowNorm, QuantizedChunks());
    }

    private CategoryPartition Rewrite(List<StoredItem> relocated)
    {
        // Fresh chunks: the old ones stay untouched for readers of older snapshots.
        var old = new CategoryPartition(Category, _precision, _valuesPerItem, [.. _chunks], [.. _slots], _live, _maxRowNorm);
        var fresh = new PartitionBuilder(Category, _precision, _valuesPerItem, existing: null, _quantize) { Dimensions = Dimensions };
        foreach (var item in old.Slots)
        {
            if (item is null)
            {
                continue;
            }

            var slot = _precision == EmbeddedVectorPrecision.Float16 ? fresh.Append(old.GetHalf(item.Slot)) : fresh.Append(old.GetSingle(item.Slot));
            var moved = item with { Slot = slot };
            fresh.SetItem(moved);
            relocated.Add(moved);
        }

        // Every slot of the fresh partition is live, so it builds without rewriting again.
        return fresh.Build(relocated)!;
    }

    private (Array Chunk, int Offset) ReserveSlot()
    {
        var slot = _slots.Count;
        var chunkIndex = slot >> CategoryPartition.ChunkShift;
        var itemInChunk = slot & (CategoryPartition.ChunkCapacity - 1);
        if (chunkIndex == _chunks.Count)
        {
            _chunks.Add(Allocate(FirstChunkItems));
            if (_quantize)
            {
                _codes.Add(new byte[FirstChunkItems * _valuesPerItem]);
                _meta.Add(new float[FirstChunkItems * MetaPerItem]);
            }
        }

        var chunk = _chunks[chunkIndex];
        if ((itemInChunk + 1) * _valuesPerItem > chunk.Length)
        {
            // Grow into a new array: the old one may be shared with published snapshots.
            var grown = Allocate(Math.Min(CategoryPartition.ChunkCapacity, chunk.Length / _valuesPerItem * 2));
            Array.Copy(chunk, grown, itemInChunk * _valuesPerItem);
            _chunks[chunkIndex] = grown;
            chunk = grown;
            if (_quantize)
            {
                _codes[chunkIndex] = Grown(_codes[chunkIndex], grown.Length, itemInChunk * _valuesPerItem);
                _meta[chunkIndex] = Grown(_meta[chunkIndex], grown.Length / _valuesPerItem * MetaPerItem, itemInChunk * MetaPerItem);
            }
        }

        _slots.Add(null);
        return (chunk, itemInChunk * _valuesPerItem);
    }

    private void TrackNormsAndQuantize(Array chunk, int offset)
    {
        if (Dimensions <= 0)
        {
            // An int8 copy without its metadata would bound nothing: never silently leave it empty.
            if (_quantize)
            {
                throw new InvalidOperationException("The int8 copy needs the catalog's vector width.");
            }

            return;
        }

        var rented = chunk is Half[] ? System.Buffers.ArrayPool<float>.Shared.Rent(_valuesPerItem) : null;
        try
        {
            ReadOnlySpan<float> values;
            if (rented is null)
            {
                values = ((float[])chunk).AsSpan(offset, _valuesPerItem);
            }
            else
            {
                TensorPrimitives.ConvertToSingle(((Half[])chunk).AsSpan(offset, _valuesPerItem), rented);
                values = rented.AsSpan(0, _valuesPerItem);
            }

            for (var row = 0; row < values.Length; row += Dimensions)
            {
                // Slightly above the computed norm, which is itself rounded.
                _maxRowNorm = MathF.Max(_maxRowNorm, TensorPrimitives.Norm(values.Slice(row, Dimensions)) * 1.001f);
            }

            if (_quantize)
            {
                var slot = _slots.Count - 1;
                var itemInChunk = slot & (CategoryPartition.ChunkCapacity - 1);
                ItemQuantizer.Quantize(
                    values,
                    Dimensions,
                    _codes[slot >> CategoryPartition.ChunkShift].AsSpan(itemInChunk * _valuesPerItem, _valuesPerItem),
                    _meta[slot >> CategoryPartition.ChunkShift].AsSpan(itemInChunk * MetaPerItem, MetaPerItem));
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private int MetaPerItem => ItemQuantizer.MetaLength(_valuesPerItem / Math.Max(1, Dimensions));

    private static T[] Grown<T>(T[] old, int length, int used)
    {
        var grown = new T[length];
        Array.Copy(old, grown, used);
        return grown;
    }

    private QuantizedChunks? QuantizedChunks() =>
        _quantize ? new QuantizedChunks(_valuesPerItem, MetaPerItem, [.. _codes], [.. _meta]) : null;

    private Array Allocate(int items) =>
        _precision == EmbeddedVectorPrecision.Float16 ? new Half[items * _valuesPerItem] : new float[items * _valuesPerItem];
}
