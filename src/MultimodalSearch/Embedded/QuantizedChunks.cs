namespace MultimodalSearch.Embedded;

/// <summary>
/// The int8 copy of a partition's chunks (<see cref="ItemQuantizer"/>): per chunk, the biased codes of its items and
/// their metadata (row scales, residual bound, reconstructed-norm bound), grown alongside the float chunks and, like
/// them, never changed where published snapshots can see them.
/// </summary>
/// <param name="valuesPerItem">Query count x dimensions.</param>
/// <param name="metaPerItem">Floats of metadata per item.</param>
/// <param name="codes">The codes, one array per chunk.</param>
/// <param name="meta">The metadata, one array per chunk.</param>
internal sealed class QuantizedChunks(int valuesPerItem, int metaPerItem, byte[][] codes, float[][] meta)
{
    /// <summary>Gets the number of values per item.</summary>
    public int ValuesPerItem { get; } = valuesPerItem;

    /// <summary>Gets the floats of metadata per item.</summary>
    public int MetaPerItem { get; } = metaPerItem;

    /// <summary>Gets the code chunks, for a builder that appends to them.</summary>
    /// <returns>A copy of the list of chunks.</returns>
    public byte[][] CopyCodes() => (byte[][])codes.Clone();

    /// <summary>Gets the metadata chunks, for a builder that appends to them.</summary>
    /// <returns>A copy of the list of chunks.</returns>
    public float[][] CopyMeta() => (float[][])meta.Clone();

    /// <summary>Gets the codes of a slot.</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The biased codes, row-major.</returns>
    public ReadOnlySpan<byte> GetCodes(int slot) =>
        codes[slot >> CategoryPartition.ChunkShift].AsSpan((slot & (CategoryPartition.ChunkCapacity - 1)) * ValuesPerItem, ValuesPerItem);

    /// <summary>Gets the metadata of a slot.</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>The row scales, then the residual bound and the reconstructed-norm bound.</returns>
    public ReadOnlySpan<float> GetMeta(int slot) =>
        meta[slot >> CategoryPartition.ChunkShift].AsSpan((slot & (CategoryPartition.ChunkCapacity - 1)) * MetaPerItem, MetaPerItem);
}
