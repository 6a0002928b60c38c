using System.Runtime.InteropServices;

namespace MultimodalSearch.Embedded;

/// <summary>Applies the records of the catalog log to a <see cref="SnapshotBuilder"/> as the store loads.</summary>
internal static class LogRecordDecoder
{
    /// <summary>Applies one record.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="precision">The precision of the record's vectors.</param>
    /// <param name="payload">The payload, its checksum verified.</param>
    /// <param name="builder">The builder to apply it to.</param>
    /// <exception cref="InvalidDataException">The payload is malformed or its shape differs from the catalog's.</exception>
    public static void Apply(LogRecordKind kind, EmbeddedVectorPrecision precision, ReadOnlySpan<byte> payload, SnapshotBuilder builder)
    {
        var reader = new LogRecordReader(payload);
        if (kind == LogRecordKind.Delete)
        {
            var deletes = reader.ReadUInt32();
            for (var i = 0u; i < deletes; i++)
            {
                builder.Delete(reader.ReadString());
            }
        }
        else
        {
            ApplyUpserts(ref reader, precision, builder);
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException($"the record has {payload.Length - reader.Position} bytes after its last entry");
        }
    }

    private static void ApplyUpserts(ref LogRecordReader reader, EmbeddedVectorPrecision precision, SnapshotBuilder builder)
    {
        var dimensions = (int)reader.ReadUInt32();
        var queryCount = (int)reader.ReadUInt32();
        var count = reader.ReadUInt32();
        if (dimensions <= 0 || queryCount <= 0 || (long)dimensions * queryCount > int.MaxValue / sizeof(float))
        {
            throw new InvalidDataException($"invalid vector shape {queryCount} x {dimensions}");
        }

        builder.SetShape(dimensions, queryCount);
        if (builder.Dimensions != dimensions || builder.QueryCount != queryCount)
        {
            throw new InvalidDataException($"vectors of {queryCount} x {dimensions} in a catalog of {builder.QueryCount} x {builder.Dimensions}");
        }

        var values = dimensions * queryCount;
        for (var i = 0u; i < count; i++)
        {
            var start = reader.Position;
            var id = reader.ReadString();
            var category = reader.ReadString();
            var name = reader.ReadString();
            var location = reader.ReadNullableString();
            var hash = reader.ReadNullableString();
            var metadata = ReadMetadata(ref reader);
            var vectorBytes = reader.ReadBytes(values * (precision == EmbeddedVectorPrecision.Float16 ? 2 : 4));
            var fields = new StoredItem(id, category, name, location, hash, metadata, -1, reader.Position - start);
            if (precision == EmbeddedVectorPrecision.Float16)
            {
                builder.Upsert(fields, MemoryMarshal.Cast<byte, Half>(vectorBytes));
            }
            else
            {
                builder.Upsert(fields, MemoryMarshal.Cast<byte, float>(vectorBytes));
            }
        }
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(ref LogRecordReader reader)
    {
        var count = reader.ReadUInt32();
        if (count == 0)
        {
            return CatalogItem.EmptyMetadata;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0u; i < count; i++)
        {
            var key = reader.ReadString();
            if (!metadata.TryAdd(key, reader.ReadString()))
            {
                throw new InvalidDataException($"duplicate metadata key '{key}'");
            }
        }

        return metadata.AsReadOnly();
    }
}
