using Microsoft.Extensions.Configuration;
using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>A parsed <c>--store</c> value: <c>embedded:DIR</c>, <c>postgres:CONNSTRING</c> or <c>vectordata-postgres:CONNSTRING</c>.</summary>
internal sealed record StoreSpec(StoreKind Kind, string Value)
{
    public const string DefaultEmbeddedDirectory = "fashion-search-store";

    /// <summary>
    /// The store <c>--store</c> names; without it, the Postgres connection string of the configuration
    /// (<c>MultimodalSearch:Postgres:ConnectionString</c>, then <c>ConnectionStrings:Catalog</c>) so that a password
    /// need not be typed on the command line, else the embedded store under the working directory.
    /// </summary>
    public static StoreSpec Resolve(string? spec, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(spec))
        {
            return Parse(spec);
        }

        var connectionString = configuration["MultimodalSearch:Postgres:ConnectionString"] is { Length: > 0 } configured
            ? configured
            : configuration.GetConnectionString("Catalog");
        return string.IsNullOrWhiteSpace(connectionString)
            ? new StoreSpec(StoreKind.Embedded, Path.GetFullPath(DefaultEmbeddedDirectory))
            : new StoreSpec(StoreKind.Postgres, connectionString);
    }

    /// <summary>What is wrong with <paramref name="spec"/>, or null when it names a store.</summary>
    public static string? Problem(string spec)
    {
        if (!TryParse(spec, out var store))
        {
            return $"--store must be embedded:DIR, postgres:<connection string> or vectordata-postgres:<connection string>; got '{SecretRedactor.RedactConnectionString(spec)}'.";
        }

        return store.Kind == StoreKind.Embedded && File.Exists(store.Value)
            ? $"--store embedded:'{store.Value}' is a file, not a folder."
            : null;
    }

    public static StoreSpec Parse(string spec) =>
        TryParse(spec, out var store) ? store : throw new UsageException(Problem(spec)!);

    public override string ToString() => Kind switch
    {
        StoreKind.Embedded => $"embedded:{Value}",
        StoreKind.Postgres => "postgres:(connection string)",
        _ => "vectordata-postgres:(connection string)",
    };

    private static bool TryParse(string spec, out StoreSpec store)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? spec[..colon] : "";
        var value = colon > 0 ? spec[(colon + 1)..] : "";
        StoreSpec? parsed = value.Trim().Length == 0 ? null : scheme.ToLowerInvariant() switch
        {
            "embedded" => FullPath(value) is { } path ? new StoreSpec(StoreKind.Embedded, path) : null,
            "postgres" => new StoreSpec(StoreKind.Postgres, value),
            "vectordata-postgres" => new StoreSpec(StoreKind.VectorDataPostgres, value),
            _ => null,
        };
        store = parsed!;
        return parsed is not null;
    }

    private static string? FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}

internal enum StoreKind
{
    Embedded,
    Postgres,

    /// <summary>The catalog on Microsoft.Extensions.VectorData, over this project's pgvector <c>PgVectorStore</c>.</summary>
    VectorDataPostgres,
}
