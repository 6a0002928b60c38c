namespace FashionSearch.Console.Tests;

/// <summary>
/// A catalog store for one CLI test: its <c>--store</c> value and the environment the CLI runs with.
/// Embedded stores live in a temporary folder; Postgres stores in a schema of their own on the server
/// that tools/run-tests.sh started (dropped afterwards).
/// </summary>
public abstract class StoreUnderTest : IAsyncDisposable
{
    public abstract string Spec { get; }

    public virtual IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public abstract ValueTask DisposeAsync();
}

public sealed class EmbeddedStoreUnderTest : StoreUnderTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cli-store-").FullName;

    public override string Spec => "embedded:" + _directory;

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <param name="vectorData">Whether the catalog lives in the VectorData collection (<c>vectordata-postgres:</c>) rather than the native pgvector store.</param>
public sealed class PostgresStoreUnderTest(bool vectorData = false) : StoreUnderTest
{
    private readonly string _schema = "cli_" + Guid.NewGuid().ToString("N")[..12];

    public override string Spec => (vectorData ? "vectordata-postgres:" : "postgres:") + PostgresServer.ConnectionString;

    public override IDictionary<string, string> Environment => new Dictionary<string, string>
    {
        [vectorData ? "MultimodalSearch__VectorData__Postgres__Schema" : "MultimodalSearch__Postgres__Schema"] = _schema,
    };

    /// <summary>Gets the schema that holds the catalog; it exists only once something created it.</summary>
    public string Schema => _schema;

    /// <summary>Tells whether <see cref="Schema"/> exists on the server.</summary>
    public async Task<bool> SchemaExistsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT to_regnamespace($1) IS NOT NULL", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = _schema });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public override async ValueTask DisposeAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The server tools/run-tests.sh provides. Postgres tests fail without it, unless MULTIMODALSEARCH_SKIP_POSTGRES=1.</summary>
internal static class PostgresServer
{
    public static string ConnectionString =>
        System.Environment.GetEnvironmentVariable("MULTIMODALSEARCH_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("MULTIMODALSEARCH_TEST_POSTGRES is not set: run the tests with tools/run-tests.sh, which starts PostgreSQL with pgvector (or set MULTIMODALSEARCH_SKIP_POSTGRES=1 to leave these tests out).");

    public static bool Skipped => System.Environment.GetEnvironmentVariable("MULTIMODALSEARCH_SKIP_POSTGRES") == "1";
}
