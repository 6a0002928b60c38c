using System.Text.RegularExpressions;

namespace MultimodalSearch.Postgres;

/// <summary>
/// The checks and quoting of every identifier both stores put into SQL (schemas, tables, columns): user text
/// becomes SQL only as a validated, quoted identifier, never as anything else.
/// </summary>
internal static partial class PostgresIdentifiers
{
    /// <summary>The longest schema or collection name: the collection's longest derived name must fit in PostgreSQL's 63 bytes.</summary>
    public const int MaxIdentifierLength = 40;

    /// <summary>Checks that <paramref name="value"/> is a lower-case identifier that needs no escaping.</summary>
    /// <param name="value">The name.</param>
    /// <param name="what">What the name is, for the message.</param>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void EnsureIdentifier(string? value, string what)
    {
        if (!IsIdentifier(value))
        {
            throw new ArgumentException(
                $"{what} must be a lower-case SQL identifier (a-z, 0-9 and _, starting with a letter or _, at most {MaxIdentifierLength} characters, not starting with pg_); got '{value}'.",
                what);
        }
    }

    /// <summary>
    /// Checks that <paramref name="value"/> is a usable collection (table) name: letters of either case, digits
    /// and _, starting with a letter or _, at most <see cref="MaxIdentifierLength"/> characters, not starting with
    /// <c>pg_</c>. Such names are always quoted, so their case is kept, and they cannot hold a quote.
    /// </summary>
    /// <param name="value">The name.</param>
    /// <param name="what">What the name is, for the message.</param>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void EnsureCollectionName(string? value, string what = "collection name")
    {
        if (value is not { Length: > 0 and <= MaxIdentifierLength }
            || !CollectionNamePattern().IsMatch(value)
            || value.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{what} must be a SQL identifier (letters, digits and _, starting with a letter or _, at most {MaxIdentifierLength} characters, not starting with pg_); got '{value}'.",
                what);
        }
    }

    /// <summary>Gets whether <paramref name="value"/> is a valid schema or collection name.</summary>
    /// <param name="value">The name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsIdentifier(string? value) =>
        value is { Length: > 0 and <= MaxIdentifierLength }
        && IdentifierPattern().IsMatch(value)
        && !value.StartsWith("pg_", StringComparison.Ordinal);

    /// <summary>Quotes a validated identifier.</summary>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The quoted identifier.</returns>
    public static string Quote(string identifier)
    {
        // Validated names cannot hold a quote; doubling keeps this safe even if a caller forgot to validate.
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CollectionNamePattern();
}
