using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;
using Npgsql;
using Pgvector;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// The mapping between the CLR types of record properties and PostgreSQL columns: column types, checked
/// column names, and the conversions of values on their way in and out.
/// </summary>
internal static partial class PgVectorColumnTypes
{
    /// <summary>PostgreSQL's longest identifier, in bytes.</summary>
    public const int MaxColumnNameLength = 63;

    /// <summary>Gets whether <paramref name="type"/> is a data type the collection stores.</summary>
    /// <param name="type">The type.</param>
    /// <returns>True when supported.</returns>
    public static bool IsDataTypeSupported(Type type) => ScalarSqlType(Nullable.GetUnderlyingType(type) ?? type) is not null;

    /// <summary>Gets the column type of <paramref name="property"/>.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The SQL type, for example <c>text[]</c> or <c>vector(256)</c>.</returns>
    /// <exception cref="NotSupportedException">The type is not supported.</exception>
    public static string SqlType(PropertyModel property) => property switch
    {
        VectorPropertyModel vector => string.Create(CultureInfo.InvariantCulture, $"{VectorSqlType(vector)}({vector.Dimensions})"),
        _ => ScalarSqlType(Nullable.GetUnderlyingType(property.Type) ?? property.Type)
            ?? throw new NotSupportedException($"Property '{property.ModelName}' has unsupported type '{property.Type.Name}'."),
    };

    /// <summary>Gets whether <paramref name="property"/> is stored as a PostgreSQL array.</summary>
    /// <param name="property">The property.</param>
    /// <returns>True for <c>string[]</c> and <c>List&lt;string&gt;</c>.</returns>
    public static bool IsArray(PropertyModel property) => property.Type == typeof(string[]) || property.Type == typeof(List<string>);

    /// <summary>Checks that <paramref name="property"/>'s storage name is a column name that needs no escaping.</summary>
    /// <param name="property">The property.</param>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void EnsureColumnName(PropertyModel property)
    {
        var name = property.StorageName;
        if (name.Length > MaxColumnNameLength || !ColumnNamePattern().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Property '{property.ModelName}' is stored as '{name}', which is not a usable column name: use letters, digits and _, starting with a letter or a single _, at most {MaxColumnNameLength} characters (set StorageName to rename it).");
        }
    }

    /// <summary>Converts a property's value to the value sent to the server, checking what PostgreSQL cannot store.</summary>
    /// <param name="property">The data or key property.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>The parameter value (<see cref="DBNull.Value"/> for null).</returns>
    /// <exception cref="ArgumentException">A string holds U+0000, which PostgreSQL text cannot store.</exception>
    public static object ToParameter(PropertyModel property, object? value)
    {
        switch (value)
        {
            case null:
                return DBNull.Value;
            case string text:
                EnsureStorable(property, text);
                return text;
            case DateTimeOffset instant when instant.Offset != TimeSpan.Zero:
                // timestamptz keeps the instant, not the offset: refuse rather than lose the offset silently.
                throw new ArgumentException(
                    $"Property '{property.ModelName}' holds a DateTimeOffset with offset {instant.Offset}; PostgreSQL's timestamptz keeps no offset, so only UTC values (offset 0) are stored. Convert with ToUniversalTime().");
            case DateTime time when time.Kind != DateTimeKind.Utc && time != DateTime.MinValue && time != DateTime.MaxValue:
                // Npgsql's rule too (MinValue and MaxValue are -infinity and infinity); checked here for a clearer message.
                throw new ArgumentException(
                    $"Property '{property.ModelName}' holds a DateTime of kind {time.Kind}; it is stored as timestamptz, which needs UTC values (DateTimeKind.Utc).");
            case IEnumerable<string?> texts:
                var array = texts.ToArray();
                foreach (var element in array)
                {
                    EnsureStorable(property, element);
                }

                return array;
            default:
                return value;
        }
    }

    /// <summary>Gets the pgvector type of a vector property, without its width: <c>vector</c>, <c>halfvec</c>, <c>bit</c> or <c>sparsevec</c>.</summary>
    /// <param name="vector">The vector property.</param>
    /// <returns>The type name.</returns>
    public static string VectorSqlType(VectorPropertyModel vector)
    {
        var type = Nullable.GetUnderlyingType(vector.EmbeddingType) ?? vector.EmbeddingType;
        return type == typeof(ReadOnlyMemory<Half>) || type == typeof(Half[]) || type == typeof(Embedding<Half>) ? "halfvec"
            : type == typeof(BitArray) || type == typeof(BinaryEmbedding) ? "bit"
            : type == typeof(SparseVector) ? "sparsevec"
            : "vector";
    }

    /// <summary>
    /// Converts a vector property's value (or a search value, or a generated embedding) to the value sent to the
    /// server for the property's column type, checking its width.
    /// </summary>
    /// <param name="property">The vector property.</param>
    /// <param name="value">A vector of one of <see cref="PgVectorModelBuilder.SupportedVectorTypes"/> that fits the column, or null.</param>
    /// <returns>A <see cref="Vector"/>, <see cref="HalfVector"/>, <see cref="BitArray"/> or <see cref="SparseVector"/>, or <see cref="DBNull.Value"/>.</returns>
    /// <exception cref="ArgumentException">The vector has another width than the property, or a type that does not fit its column.</exception>
    public static object ToVectorParameter(VectorPropertyModel property, object? value)
    {
        var kind = VectorSqlType(property);
        object? converted = (kind, value) switch
        {
            (_, null) => null,
            ("vector", ReadOnlyMemory<float> m) => Dense(m, m.Length, static v => new Vector(v)),
            ("vector", float[] a) => Dense<float>(a, a.Length, static v => new Vector(v)),
            ("vector", Embedding<float> e) => Dense(e.Vector, e.Vector.Length, static v => new Vector(v)),
            ("halfvec", ReadOnlyMemory<Half> m) => Dense(m, m.Length, static v => new HalfVector(v)),
            ("halfvec", Half[] a) => Dense<Half>(a, a.Length, static v => new HalfVector(v)),
            ("halfvec", Embedding<Half> e) => Dense(e.Vector, e.Vector.Length, static v => new HalfVector(v)),
            ("bit", BitArray bits) => bits,
            ("bit", BinaryEmbedding e) => e.Vector,
            ("sparsevec", SparseVector sparse) => sparse,
            _ => throw new ArgumentException(
                $"Vector property '{property.ModelName}' is stored as {kind}; a {value.GetType().Name} does not fit it (expected {PgVectorModelBuilder.SupportedVectorTypes}, of the kind the property declares)."),
        };

        if (converted is null)
        {
            return DBNull.Value;
        }

        EnsureDimensions(property, converted switch
        {
            BitArray bits => bits.Length,
            SparseVector sparse => sparse.Dimensions,
            Vector dense => dense.Memory.Length,
            HalfVector half => half.Memory.Length,
            _ => 0,
        });
        return converted;

        // MEVD reads a null array or embedding as an empty memory; no vector has zero dimensions, so empty means none.
        static object? Dense<T>(ReadOnlyMemory<T> memory, int length, Func<ReadOnlyMemory<T>, object> create) =>
            length == 0 ? null : create(memory);
    }

    /// <summary>Checks a vector's width against its property.</summary>
    /// <param name="property">The vector property.</param>
    /// <param name="length">The vector's width.</param>
    /// <exception cref="ArgumentException">The widths differ.</exception>
    public static void EnsureDimensions(VectorPropertyModel property, int length)
    {
        if (length != property.Dimensions)
        {
            throw new ArgumentException($"Vector property '{property.ModelName}' has {property.Dimensions} dimensions; got a vector of {length}.");
        }
    }

    /// <summary>Reads a column into the CLR type of its property.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <param name="ordinal">The column.</param>
    /// <param name="property">The property.</param>
    /// <returns>The value, or null.</returns>
    public static object? Read(NpgsqlDataReader reader, int ordinal, PropertyModel property)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        if (property is VectorPropertyModel)
        {
            return type switch
            {
                _ when type == typeof(float[]) => reader.GetFieldValue<Vector>(ordinal).ToArray(),
                _ when type == typeof(Embedding<float>) => new Embedding<float>(reader.GetFieldValue<Vector>(ordinal).Memory),
                _ when type == typeof(ReadOnlyMemory<float>) => reader.GetFieldValue<Vector>(ordinal).Memory,
                _ when type == typeof(Half[]) => reader.GetFieldValue<HalfVector>(ordinal).ToArray(),
                _ when type == typeof(Embedding<Half>) => new Embedding<Half>(reader.GetFieldValue<HalfVector>(ordinal).Memory),
                _ when type == typeof(ReadOnlyMemory<Half>) => reader.GetFieldValue<HalfVector>(ordinal).Memory,
                _ when type == typeof(BitArray) => reader.GetFieldValue<BitArray>(ordinal),
                _ when type == typeof(BinaryEmbedding) => new BinaryEmbedding(reader.GetFieldValue<BitArray>(ordinal)),
                _ when type == typeof(SparseVector) => reader.GetFieldValue<SparseVector>(ordinal),
                _ => throw new NotSupportedException($"Vector property '{property.ModelName}' has unsupported type '{property.Type.Name}'."),
            };
        }

        return type switch
        {
            _ when type == typeof(string) => reader.GetString(ordinal),
            _ when type == typeof(short) => reader.GetInt16(ordinal),
            _ when type == typeof(int) => reader.GetInt32(ordinal),
            _ when type == typeof(long) => reader.GetInt64(ordinal),
            _ when type == typeof(float) => reader.GetFloat(ordinal),
            _ when type == typeof(double) => reader.GetDouble(ordinal),
            _ when type == typeof(decimal) => reader.GetDecimal(ordinal),
            _ when type == typeof(bool) => reader.GetBoolean(ordinal),
            _ when type == typeof(Guid) => reader.GetGuid(ordinal),
            _ when type == typeof(DateTime) => reader.GetFieldValue<DateTime>(ordinal),
            _ when type == typeof(DateTimeOffset) => reader.GetFieldValue<DateTimeOffset>(ordinal),
            _ when type == typeof(DateOnly) => reader.GetFieldValue<DateOnly>(ordinal),
            _ when type == typeof(TimeOnly) => reader.GetFieldValue<TimeOnly>(ordinal),
            _ when type == typeof(string[]) => reader.GetFieldValue<string[]>(ordinal),
            _ when type == typeof(List<string>) => reader.GetFieldValue<List<string>>(ordinal),
            _ => throw new NotSupportedException($"Property '{property.ModelName}' has unsupported type '{property.Type.Name}'."),
        };
    }

    private static string? ScalarSqlType(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(short) => "smallint",
        _ when type == typeof(int) => "integer",
        _ when type == typeof(long) => "bigint",
        _ when type == typeof(float) => "real",
        _ when type == typeof(double) => "double precision",
        _ when type == typeof(decimal) => "numeric",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(Guid) => "uuid",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "timestamptz",
        _ when type == typeof(DateOnly) => "date",
        _ when type == typeof(TimeOnly) => "time",
        _ when type == typeof(string[]) || type == typeof(List<string>) => "text[]",
        _ => null,
    };

    private static void EnsureStorable(PropertyModel property, string? text)
    {
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Property '{property.ModelName}' holds a string with U+0000, which PostgreSQL text cannot store.");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnNamePattern();
}
