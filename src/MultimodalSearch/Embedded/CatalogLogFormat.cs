using System.Buffers.Binary;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The on-disk layout of the catalog log (all little-endian). The file starts with
/// <see cref="FileHeaderSize"/> bytes: magic <c>MMSCLOG1</c>, format version, CRC-32C of the first 12 bytes.
/// Then records, each a <see cref="RecordHeaderSize"/>-byte header (magic, kind, precision, reserved,
/// payload length, CRC-32C of the payload, CRC-32C of the header's first 20 bytes) and its payload.
/// </summary>
internal static class CatalogLogFormat
{
    /// <summary>The size of the file header.</summary>
    public const int FileHeaderSize = 16;

    /// <summary>The size of a record header.</summary>
    public const int RecordHeaderSize = 24;

    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>The largest payload a reader accepts; writers split batches well below it.</summary>
    public const long MaxPayloadBytes = 1L << 30;

    private const ulong FileMagic = 0x31474F4C43534D4D; // "MMSCLOG1"
    private const uint RecordMagic = 0x4D4D5352; // "RSMM"

    /// <summary>Writes the file header.</summary>
    /// <param name="destination">At least <see cref="FileHeaderSize"/> bytes.</param>
    public static void WriteFileHeader(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, FileMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(destination[..12]));
    }

    /// <summary>Checks a file header.</summary>
    /// <param name="header">The first <see cref="FileHeaderSize"/> bytes of the file.</param>
    /// <returns>Null when valid, else what is wrong.</returns>
    public static string? CheckFileHeader(ReadOnlySpan<byte> header)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != FileMagic)
        {
            return "not a catalog log (bad magic number)";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != Crc32C.Compute(header[..12]))
        {
            return "the file header's checksum does not match";
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        return version == Version ? null : $"format version {version} is not supported (this library reads {Version})";
    }

    /// <summary>Writes a record header for a payload that is already written.</summary>
    /// <param name="destination">At least <see cref="RecordHeaderSize"/> bytes.</param>
    /// <param name="kind">The record kind.</param>
    /// <param name="precision">The precision of the vectors in the payload.</param>
    /// <param name="payload">The payload.</param>
    public static void WriteRecordHeader(Span<byte> destination, LogRecordKind kind, EmbeddedVectorPrecision precision, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, RecordMagic);
        destination[4] = (byte)kind;
        destination[5] = (byte)precision;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Crc32C.Compute(destination[..20]));
    }

    /// <summary>Reads and checks a record header.</summary>
    /// <param name="header">The <see cref="RecordHeaderSize"/> bytes.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="precision">The precision of the payload's vectors.</param>
    /// <param name="payloadLength">The payload length.</param>
    /// <param name="payloadCrc">The payload's expected CRC.</param>
    /// <returns>Null when valid, else what is wrong.</returns>
    public static string? ReadRecordHeader(ReadOnlySpan<byte> header, out LogRecordKind kind, out EmbeddedVectorPrecision precision, out long payloadLength, out uint payloadCrc)
    {
        kind = (LogRecordKind)header[4];
        precision = (EmbeddedVectorPrecision)header[5];
        payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != RecordMagic)
        {
            return "bad record magic number";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != Crc32C.Compute(header[..20]))
        {
            return "the record header's checksum does not match";
        }

        if (kind is not (LogRecordKind.Upsert or LogRecordKind.Delete)
            || precision is not (EmbeddedVectorPrecision.Float32 or EmbeddedVectorPrecision.Float16)
            || payloadLength is < 0 or > MaxPayloadBytes)
        {
            return $"invalid record header (kind {(byte)kind}, precision {(byte)precision}, length {payloadLength})";
        }

        return null;
    }
}
