namespace MultimodalSearch.Embedded;

/// <summary>
/// The vectors of one category, immutable as seen by a snapshot: slots of <see cref="ValuesPerItem"/> values
/// in chunks of <see cref="ChunkCapacity"/> items, so that a category is scanned contiguously, chunk by chunk.
/// A dead slot (deleted or overwritten item) is null in <see cref="Slots"/> and skipped.
/// </summary>
/// <remarks>
/// A later snapshot may append to the spare capacity of the last chunk: that memory lies past
/// <see cref="SlotCount"/> of every earlier snapshot, so their readers never see it change.
/// </remarks>
internal sealed class CategoryPartition
{
    /// <summary>Log2 of <see cref="ChunkCapacity"/>.</summary>
    public const int ChunkShift = 7;

    /// <summary>The most items one chunk holds; a chunk is the unit of parallel scanning.</summary>
    public const int ChunkCapacity = 1 << ChunkShift;

    private readonly Array[] _chunks;
    private readonly QuantizedChunks? _quantized;

    /// <summary>Creates a partition over chunks (float[] or Half[] according to <paramref name="precision"/>).</summary>
    /// <param name="category">The category.</param>
    /// <param name="precision">The element type of the chunks.</param>
    /// <param name="valuesPerItem">Query count x dimensions.</param>
    /// <param name="chunks">The chunks.</param>
    /// <param name="slots">One entry per slot; null where the slot is dead.</param>
    /// <param name="liveCount">The number of non-null slots.</param>
    /// <param name="maxRowNorm">An upper bound of the L2 norm of every stored row, for the scan's error bound.</param>
    /// <param name="quantized">The int8 copies of the chunks (<see cref="ItemQuantizer"/>), or null when the store keeps none.</param>
    public CategoryPartition(string category, EmbeddedVectorPrecision precision, int valuesPerItem, Array[] chunks, StoredItem?[] slots, int liveCount, float maxRowNorm, QuantizedChunks? quantized = null)
    {
        _quantized = quantized;
        MaxRowNorm = maxRowNorm;
        Category = category;
        Precision = precision;
        ValuesPerItem = valuesPerItem;
        _chunks = chunks;
        Slots = slots;
        LiveCount = liveCount;
    }

    /// <summary>Gets the category.</summary>
    public string Category { get; }

    /// <summary>Gets how the vectors are kept.</summary>
    public EmbeddedVectorPrecision Precision { get; }

    /// <summary>Gets the number of values per item (query count x dimensions).</summary>
    public int ValuesPerItem { get; }

    /// <summary>Gets the item of each slot; null for dead slots.</summary>
    public StoredItem?[] Slots { get; }

    /// <summary>Gets the number of slots, dead ones included.</summary>
    public int SlotCount => Slots.Length;

    /// <summary>Gets an upper bound of the L2 norm of every stored row.</summary>
    public float MaxRowNorm { get; }

    /// <summary>Gets the number of live items.</summary>
    public int LiveCount { get; }

    /// <summary>Gets the number of chunks.</summary>
    public int ChunkCount => _chunks.Length;

    /// <summary>Gets the int8 copies of the chunks, or null when the store keeps none.</summary>
    public QuantizedChunks? Quantized => _quantized;

    /// <summary>Gets the chunks, for a builder that appends to them.</summary>
    /// <returns>The chunks.</returns>
    public Array[] CopyChunks() => (Array[])_chunks.Clone();

    /// <summary>Gets the float32 vectors of a slot (only for <see cref="EmbeddedVectorPrecision.Float32"/>).</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The vectors, row-major.</returns>
    public ReadOnlySpan<float> GetSingle(int slot) =>
        ((float[])_chunks[slot >> ChunkShift]).AsSpan((slot & (ChunkCapacity - 1)) * ValuesPerItem, ValuesPerItem);

    /// <summary>Gets the float16 vectors of a slot (only for <see cref="EmbeddedVectorPrecision.Float16"/>).</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The vectors, row-major.</returns>
    public ReadOnlySpan<Half> GetHalf(int slot) =>
        ((Half[])_chunks[slot >> ChunkShift]).AsSpan((slot & (ChunkCapacity - 1)) * ValuesPerItem, ValuesPerItem);

    /// <summary>Copies the vectors of a slot into <paramref name="destination"/> as float32.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="destination">At least <see cref="ValuesPerItem"/> floats.</param>
    public void CopyVectors(int slot, Span<float> destination)
    {
        if (Precision == EmbeddedVectorPrecision.Float16)
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(GetHalf(slot), destination);
        }
        else
        {
            GetSingle(slot).CopyTo(destination);
        }
    }
}
