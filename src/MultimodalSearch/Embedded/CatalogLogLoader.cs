using System.Buffers;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Loads the committed part of a catalog log, checking every checksum: a catalog is loaded whole or not
/// at all, and every defect is reported with the file, the offset and what is wrong.
/// </summary>
internal static class CatalogLogLoader
{
    /// <summary>Loads the catalog.</summary>
    /// <param name="log">The log file, open for reading.</param>
    /// <param name="manifest">The manifest that names the committed length.</param>
    /// <param name="precision">How vectors are kept in memory.</param>
    /// <param name="quantized">Whether to keep an int8 copy of the vectors for photo scans.</param>
    /// <returns>The catalog as last committed.</returns>
    /// <exception cref="CatalogStoreException">The log is truncated, corrupt, or disagrees with the manifest.</exception>
    public static CatalogSnapshot Load(FileStream log, CatalogManifest manifest, EmbeddedVectorPrecision precision, bool quantized = false)
    {
        if (log.Length < manifest.CommittedLength)
        {
            throw Corrupt(log, $"it is truncated: {log.Length} bytes, but {manifest.CommittedLength} were committed");
        }

        log.Position = 0;
        Span<byte> fileHeader = stackalloc byte[CatalogLogFormat.FileHeaderSize];
        log.ReadExactly(fileHeader);
        if (CatalogLogFormat.CheckFileHeader(fileHeader) is { } headerProblem)
        {
            throw Corrupt(log, headerProblem);
        }

        var builder = new SnapshotBuilder(CatalogSnapshot.Empty(precision, quantized));
        Span<byte> recordHeader = stackalloc byte[CatalogLogFormat.RecordHeaderSize];
        var buffer = Array.Empty<byte>();
        try
        {
            while (log.Position < manifest.CommittedLength)
            {
                var offset = log.Position;
                if (manifest.CommittedLength - offset < CatalogLogFormat.RecordHeaderSize)
                {
                    throw Corrupt(log, $"a record at offset {offset} is cut off by the committed end {manifest.CommittedLength}");
                }

                log.ReadExactly(recordHeader);
                if (CatalogLogFormat.ReadRecordHeader(recordHeader, out var kind, out var recordPrecision, out var length, out var crc) is { } problem)
                {
                    throw Corrupt(log, $"record at offset {offset}: {problem}");
                }

                if (length > manifest.CommittedLength - log.Position)
                {
                    throw Corrupt(log, $"record at offset {offset} has {length} bytes, past the committed end {manifest.CommittedLength}");
                }

                if (buffer.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent((int)length);
                }

                var payload = buffer.AsSpan(0, (int)length);
                log.ReadExactly(payload);
                if (Crc32C.Compute(payload) != crc)
                {
                    throw Corrupt(log, $"record at offset {offset}: the payload's checksum does not match");
                }

                try
                {
                    LogRecordDecoder.Apply(kind, recordPrecision, payload, builder);
                }
                catch (InvalidDataException ex)
                {
                    throw Corrupt(log, $"record at offset {offset}: {ex.Message}", ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (builder.Count != manifest.ItemCount || (manifest.ItemCount > 0 && (builder.Dimensions != manifest.Dimensions || builder.QueryCount != manifest.QueryCount)))
        {
            throw Corrupt(log, $"it holds {builder.Count} items of {builder.QueryCount} x {builder.Dimensions}, but the manifest says {manifest.ItemCount} of {manifest.QueryCount} x {manifest.Dimensions}");
        }

        builder.SetShape(manifest.Dimensions, manifest.QueryCount);
        return builder.Build();
    }

    private static CatalogStoreException Corrupt(FileStream log, string problem, Exception? inner = null) =>
        new("Open", $"The catalog log '{log.Name}' is corrupt: {problem}.", inner);
}
