using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;
using Npgsql;
using Pgvector;

namespace MultimodalSearch.Postgres;

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
        VectorPropertyModel vector => string.Create(CultureInfo.InvariantCulture, $"vector({vector.Dimensions})"),
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
            case DateTimeOffset instant:
                // timestamptz keeps the instant, not the offset; Npgsql takes only UTC offsets.
                return instant.ToUniversalTime();
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

    /// <summary>Converts a vector property's value to a pgvector value, checking its width.</summary>
    /// <param name="property">The vector property.</param>
    /// <param name="value">A <c>ReadOnlyMemory&lt;float&gt;</c>, <c>float[]</c> or <c>Embedding&lt;float&gt;</c>, or null.</param>
    /// <returns>The vector, or <see cref="DBNull.Value"/>.</returns>
    /// <exception cref="ArgumentException">The vector has another width than the property.</exception>
    public static object ToVectorParameter(VectorPropertyModel property, object? value)
    {
        ReadOnlyMemory<float>? memory = value switch
        {
            null => null,
            ReadOnlyMemory<float> m => m,
            float[] a => a,
            Embedding<float> e => e.Vector,
            _ => throw new ArgumentException(
                $"Vector property '{property.ModelName}' holds a {value.GetType().Name}; expected {PgVectorModelBuilder.SupportedVectorTypes}."),
        };
        // MEVD reads a null array or embedding as an empty memory; no vector has zero dimensions, so empty means none.
        if (memory is not { IsEmpty: false } vector)
        {
            return DBNull.Value;
        }

        EnsureDimensions(property, vector.Length);
        return new Vector(vector);
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
            var vector = reader.GetFieldValue<Vector>(ordinal).Memory;
            return type == typeof(float[]) ? vector.ToArray()
                : type == typeof(Embedding<float>) ? new Embedding<float>(vector)
                : vector;
        }

        return type switch
        {
            _ when type == typeof(string) => reader.GetString(ordinal),
            _ when type == typeof(int) => reader.GetInt32(ordinal),
            _ when type == typeof(long) => reader.GetInt64(ordinal),
            _ when type == typeof(float) => reader.GetFloat(ordinal),
            _ when type == typeof(double) => reader.GetDouble(ordinal),
            _ when type == typeof(bool) => reader.GetBoolean(ordinal),
            _ when type == typeof(Guid) => reader.GetGuid(ordinal),
            _ when type == typeof(DateTimeOffset) => reader.GetFieldValue<DateTimeOffset>(ordinal),
            _ when type == typeof(string[]) => reader.GetFieldValue<string[]>(ordinal),
            _ when type == typeof(List<string>) => reader.GetFieldValue<List<string>>(ordinal),
            _ => throw new NotSupportedException($"Property '{property.ModelName}' has unsupported type '{property.Type.Name}'."),
        };
    }

    private static string? ScalarSqlType(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(int) => "integer",
        _ when type == typeof(long) => "bigint",
        _ when type == typeof(float) => "real",
        _ when type == typeof(double) => "double precision",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(Guid) => "uuid",
        _ when type == typeof(DateTimeOffset) => "timestamptz",
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
