using System.Buffers.Binary;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The commit record of the embedded store: which log file is current and how many of its bytes are
/// committed. Replaced atomically (write a temporary file, flush, rename, flush the directory); bytes of
/// the log past <see cref="CommittedLength"/> were never committed and are discarded on open.
/// </summary>
/// <param name="Generation">The number of the current log file (it changes when the log is compacted).</param>
/// <param name="CommittedLength">The committed length of the log file in bytes.</param>
/// <param name="Dimensions">The catalog's vector width (0 while it has never held an item).</param>
/// <param name="QueryCount">The catalog's query vectors per item (0 likewise).</param>
/// <param name="ItemCount">The number of items after the last commit, checked when loading.</param>
/// <param name="Sequence">The number of commits so far.</param>
internal readonly record struct CatalogManifest(long Generation, long CommittedLength, int Dimensions, int QueryCount, long ItemCount, long Sequence)
{
    /// <summary>The size of the encoded manifest.</summary>
    public const int Size = 64;

    private const ulong Magic = 0x31464E4D43534D4D; // "MMSCMNF1"
    private const uint Version = 1;

    /// <summary>Encodes the manifest.</summary>
    /// <returns>The <see cref="Size"/> bytes.</returns>
    public byte[] Encode()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], QueryCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], CommittedLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[36..], ItemCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[44..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(Size - 4)..], Crc32C.Compute(span[..(Size - 4)]));
        return bytes;
    }

    /// <summary>Decodes a manifest.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="manifest">The manifest, when valid.</param>
    /// <returns>Null when valid, else what is wrong.</returns>
    public static string? TryDecode(ReadOnlySpan<byte> bytes, out CatalogManifest manifest)
    {
        manifest = default;
        if (bytes.Length != Size)
        {
            return $"it has {bytes.Length} bytes instead of {Size} (truncated or not a manifest)";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes) != Magic)
        {
            return "not a catalog manifest (bad magic number)";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[(Size - 4)..]) != Crc32C.Compute(bytes[..(Size - 4)]))
        {
            return "its checksum does not match (the file is corrupt)";
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != Version)
        {
            return $"format version {version} is not supported (this library reads {Version})";
        }

        manifest = new CatalogManifest(
            Generation: BinaryPrimitives.ReadInt64LittleEndian(bytes[20..]),
            CommittedLength: BinaryPrimitives.ReadInt64LittleEndian(bytes[28..]),
            Dimensions: BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            QueryCount: BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]),
            ItemCount: BinaryPrimitives.ReadInt64LittleEndian(bytes[36..]),
            Sequence: BinaryPrimitives.ReadInt64LittleEndian(bytes[44..]));
        return manifest.Generation <= 0 || manifest.CommittedLength < CatalogLogFormat.FileHeaderSize || manifest.ItemCount < 0
            ? "its values are out of range"
            : null;
    }
}
