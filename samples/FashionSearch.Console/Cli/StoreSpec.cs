namespace FashionSearch.Console.Cli;

/// <summary>A parsed <c>--store</c> value: <c>embedded:DIR</c>, <c>postgres:CONNSTRING</c> or <c>vectordata-postgres:CONNSTRING</c>.</summary>
internal sealed record StoreSpec(StoreKind Kind, string Value)
{
    public const string DefaultEmbeddedDirectory = "fashion-search-store";

    public static StoreSpec Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return new StoreSpec(StoreKind.Embedded, Path.GetFullPath(DefaultEmbeddedDirectory));
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? spec[..colon] : "";
        var value = colon > 0 ? spec[(colon + 1)..] : "";
        return scheme.ToLowerInvariant() switch
        {
            "embedded" when value.Length > 0 => new StoreSpec(StoreKind.Embedded, Path.GetFullPath(value)),
            "postgres" when value.Length > 0 => new StoreSpec(StoreKind.Postgres, value),
            "vectordata-postgres" when value.Length > 0 => new StoreSpec(StoreKind.VectorDataPostgres, value),
            _ => throw new UsageException($"--store must be embedded:DIR, postgres:<connection string> or vectordata-postgres:<connection string>; got '{Redact(spec)}'."),
        };
    }

    public override string ToString() => Kind switch
    {
        StoreKind.Embedded => $"embedded:{Value}",
        StoreKind.Postgres => "postgres:(connection string)",
        _ => "vectordata-postgres:(connection string)",
    };

    /// <summary>Keeps a mistyped spec that may hold a password out of error messages.</summary>
    private static string Redact(string spec) =>
        spec.Contains("password", StringComparison.OrdinalIgnoreCase) ? spec[..Math.Min(spec.Length, 12)] + "..." : spec;
}

internal enum StoreKind
{
    Embedded,
    Postgres,

    /// <summary>The catalog on Microsoft.Extensions.VectorData, over this project's pgvector <c>PgVectorStore</c>.</summary>
    VectorDataPostgres,
}
