using System.Buffers.Binary;
using System.Text;

namespace MultimodalSearch.Embedded;

/// <summary>Reads the fields of one record payload; any read past the end is reported as a malformed record.</summary>
internal ref struct LogRecordReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _payload;

    /// <summary>Reads <paramref name="payload"/> from its start.</summary>
    /// <param name="payload">The payload.</param>
    public LogRecordReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
    }

    /// <summary>Gets the offset of the next field.</summary>
    public int Position { get; private set; }

    /// <summary>Gets whether the whole payload was read.</summary>
    public readonly bool AtEnd => Position == _payload.Length;

    /// <summary>Reads an unsigned 32-bit integer.</summary>
    /// <returns>The value.</returns>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(sizeof(uint)));

    /// <summary>Reads a string that may be null.</summary>
    /// <returns>The string.</returns>
    public string? ReadNullableString()
    {
        var length = ReadUInt32();
        if (length == uint.MaxValue)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(ReadBytes(checked((int)length)));
        }
        catch (Exception ex) when (ex is DecoderFallbackException or OverflowException)
        {
            throw new InvalidDataException("a string field is not valid UTF-8", ex);
        }
    }

    /// <summary>Reads a string that must not be null.</summary>
    /// <returns>The string.</returns>
    public string ReadString() => ReadNullableString() ?? throw new InvalidDataException("a required string field is null");

    /// <summary>Reads raw bytes.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _payload.Length - Position)
        {
            throw new InvalidDataException($"the record ends early (wanted {count} bytes at offset {Position} of {_payload.Length})");
        }

        var bytes = _payload.Slice(Position, count);
        Position += count;
        return bytes;
    }
}
