using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Encodes one batch of changes as log records in memory, splitting it into records of a bounded size.
/// The batch is appended to the log as a whole and committed by one manifest update, so its records are
/// applied all or not at all.
/// </summary>
internal sealed class LogBatchWriter : IDisposable
{
    private const int TargetRecordBytes = 16 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly MemoryStream _stream = new();
    private readonly EmbeddedVectorPrecision _precision;
    private long _recordStart = -1;
    private LogRecordKind _kind;
    private uint _count;

    /// <summary>Creates a writer for vectors kept in <paramref name="precision"/>.</summary>
    /// <param name="precision">The precision written.</param>
    public LogBatchWriter(EmbeddedVectorPrecision precision)
    {
        _precision = precision;
    }

    /// <summary>Gets whether nothing was added.</summary>
    public bool IsEmpty => _stream.Length == 0;

    /// <summary>Encodes an upsert.</summary>
    /// <param name="item">The item, already validated against the catalog's shape.</param>
    /// <returns>The bytes the item takes.</returns>
    /// <exception cref="ArgumentException">A text field is not valid UTF-16.</exception>
    public long AddUpsert(CatalogItem item)
    {
        Begin(LogRecordKind.Upsert, item.Embedding.Dimensions, item.Embedding.QueryCount);
        var start = _stream.Position;
        WriteString(item.Id, item.Id, "id");
        WriteString(item.Category, item.Id, "category");
        WriteString(item.Name, item.Id, "name");
        WriteString(item.ImageLocation, item.Id, "image location");
        WriteString(item.ContentHash, item.Id, "content hash");
        WriteUInt32((uint)item.Metadata.Count);
        foreach (var (key, value) in item.Metadata)
        {
            WriteString(key, item.Id, "metadata key");
            WriteString(value, item.Id, "metadata value");
        }

        WriteVectors(item.Embedding.Vectors.Span);
        _count++;
        return _stream.Position - start;
    }

    /// <summary>Encodes a delete.</summary>
    /// <param name="id">The id.</param>
    public void AddDelete(string id)
    {
        Begin(LogRecordKind.Delete, 0, 0);
        WriteString(id, id, "id");
        _count++;
    }

    /// <summary>Closes the last record and returns the bytes of the whole batch.</summary>
    /// <returns>The records.</returns>
    public ReadOnlyMemory<byte> Complete()
    {
        End();
        return _stream.GetBuffer().AsMemory(0, (int)_stream.Length);
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private void Begin(LogRecordKind kind, int dimensions, int queryCount)
    {
        if (_recordStart >= 0 && _kind == kind && _stream.Position - _recordStart < TargetRecordBytes)
        {
            return;
        }

        End();
        _recordStart = _stream.Position;
        _kind = kind;
        _count = 0;
        _stream.Write(stackalloc byte[CatalogLogFormat.RecordHeaderSize]);
        if (kind == LogRecordKind.Upsert)
        {
            WriteUInt32((uint)dimensions);
            WriteUInt32((uint)queryCount);
        }

        WriteUInt32(0); // the item count, patched by End
    }

    private void End()
    {
        if (_recordStart < 0)
        {
            return;
        }

        var buffer = _stream.GetBuffer().AsSpan((int)_recordStart, (int)(_stream.Position - _recordStart));
        var payload = buffer[CatalogLogFormat.RecordHeaderSize..];
        var countOffset = _kind == LogRecordKind.Upsert ? 8 : 0;
        BinaryPrimitives.WriteUInt32LittleEndian(payload[countOffset..], _count);
        CatalogLogFormat.WriteRecordHeader(buffer, _kind, _precision, payload);
        _recordStart = -1;
    }

    private void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _stream.Write(bytes);
    }

    private void WriteString(string? value, string id, string field)
    {
        if (value is null)
        {
            WriteUInt32(uint.MaxValue);
            return;
        }

        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"Item '{id}': the {field} is not valid Unicode text (it has a lone surrogate).", nameof(value), ex);
        }

        WriteUInt32((uint)length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = StrictUtf8.GetBytes(value, rented);
            _stream.Write(rented, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteVectors(ReadOnlySpan<float> vectors)
    {
        if (_precision == EmbeddedVectorPrecision.Float32)
        {
            _stream.Write(MemoryMarshal.AsBytes(vectors));
            return;
        }

        var halves = ArrayPool<Half>.Shared.Rent(vectors.Length);
        try
        {
            TensorPrimitives.ConvertToHalf(vectors, halves.AsSpan(0, vectors.Length));
            _stream.Write(MemoryMarshal.AsBytes(halves.AsSpan(0, vectors.Length)));
        }
        finally
        {
            ArrayPool<Half>.Shared.Return(halves);
        }
    }
}
