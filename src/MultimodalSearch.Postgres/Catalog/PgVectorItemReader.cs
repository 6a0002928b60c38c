using System.Text.Json;
using Npgsql;
using Pgvector;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>Reads catalog items from rows with the columns of <see cref="PgVectorCatalogSqlBuilder"/>'s item projection.</summary>
internal static class PgVectorItemReader
{
    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    /// <summary>Reads the current row.</summary>
    /// <param name="reader">A reader on a row of id, category, name, image location, content hash, metadata, and the vectors (<c>vector[]</c>, one per query vector, or one flat <c>real[]</c>).</param>
    /// <param name="shape">The catalog's shape.</param>
    /// <returns>The item.</returns>
    /// <exception cref="InvalidDataException">The stored vectors do not have the catalog's shape.</exception>
    public static CatalogItem Read(NpgsqlDataReader reader, PgVectorCatalogShape shape)
    {
        var id = reader.GetString(0);
        float[] flat;
        var type = reader.GetFieldType(6);
        if (type == typeof(float[]) || type == typeof(Vector))
        {
            // The first centroid row's flat copy of every query vector: as stored, or cast to one vector in the
            // statement (4 bytes a value on the wire instead of an array's 8).
            flat = reader.IsDBNull(6) ? [] : type == typeof(Vector) ? reader.GetFieldValue<Vector>(6).ToArray() : reader.GetFieldValue<float[]>(6);
            if (flat.Length != shape.QueryCount * shape.Dimensions)
            {
                throw new InvalidDataException($"Item '{id}' has {flat.Length} stored query vector values; the catalog has {shape.QueryCount} x {shape.Dimensions}.");
            }
        }
        else
        {
            flat = Flatten(id, reader.IsDBNull(6) ? [] : reader.GetFieldValue<Vector[]>(6), shape);
        }

        return new CatalogItem
        {
            Id = id,
            Category = reader.GetString(1),
            Name = reader.GetString(2),
            ImageLocation = reader.IsDBNull(3) ? null : reader.GetString(3),
            ContentHash = reader.IsDBNull(4) ? null : reader.GetString(4),
            Metadata = ReadMetadata(reader.GetString(5)),
            Embedding = new ImageEmbedding(flat, shape.QueryCount),
        };
    }

    /// <summary>Serialises metadata for the jsonb column.</summary>
    /// <param name="metadata">The metadata (null is written as an empty object).</param>
    /// <returns>The JSON.</returns>
    public static string WriteMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0
            ? "{}"
            : JsonSerializer.Serialize(metadata, PgVectorJsonContext.Default.IReadOnlyDictionaryStringString);

    private static IReadOnlyDictionary<string, string> ReadMetadata(string json)
    {
        var metadata = JsonSerializer.Deserialize(json, PgVectorJsonContext.Default.DictionaryStringString);
        return metadata is null || metadata.Count == 0 ? EmptyMetadata : metadata;
    }

    private static float[] Flatten(string id, Vector[] vectors, PgVectorCatalogShape shape)
    {
        if (vectors.Length != shape.QueryCount)
        {
            throw new InvalidDataException($"Item '{id}' has {vectors.Length} stored query vectors; the catalog has {shape.QueryCount}.");
        }

        var flat = new float[shape.QueryCount * shape.Dimensions];
        for (var q = 0; q < vectors.Length; q++)
        {
            var row = vectors[q].Memory.Span;
            if (row.Length != shape.Dimensions)
            {
                throw new InvalidDataException($"Query vector {q} of item '{id}' has {row.Length} dimensions; the catalog has {shape.Dimensions}.");
            }

            row.CopyTo(flat.AsSpan(q * shape.Dimensions));
        }

        return flat;
    }
}
