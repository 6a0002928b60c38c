namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: <c>MULTIMODALSEARCH_TEST_POSTGRES</c> holds its connection string
/// (tools/run-tests.sh starts one with tools/postgres/pg.sh). Without it the tests fail, unless
/// <c>MULTIMODALSEARCH_SKIP_POSTGRES=1</c> says to skip them; they never skip silently.
/// </summary>
public static class PostgresTestServer
{
    /// <summary>The variable with the connection string.</summary>
    public const string ConnectionStringVariable = "MULTIMODALSEARCH_TEST_POSTGRES";

    /// <summary>The variable that, set to 1, skips the PostgreSQL tests when there is no server.</summary>
    public const string SkipVariable = "MULTIMODALSEARCH_SKIP_POSTGRES";

    /// <summary>Gets why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionStringVariable))
        && Environment.GetEnvironmentVariable(SkipVariable) == "1"
            ? $"{SkipVariable}=1 and {ConnectionStringVariable} is not set."
            : null;

    /// <summary>Gets the connection string.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{ConnectionStringVariable} is not set. Run tools/run-tests.sh, or start a server with "
                    + $"'sudo tools/postgres/pg.sh install && sudo tools/postgres/pg.sh start' and export {ConnectionStringVariable}=<the printed connection string>. "
                    + $"To skip the PostgreSQL tests on a machine without a server, set {SkipVariable}=1.");
            }

            return value;
        }
    }

    /// <summary>Gets tools/postgres/pg.sh.</summary>
    public static string Script => Path.Combine(Testing.TestPaths.RepositoryRoot, "tools", "postgres", "pg.sh");
}
