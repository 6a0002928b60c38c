using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// The one way both stores reach the server: opens a pooled connection, runs the work, and retries it once on a
/// fresh connection when the connection was lost (a restarted server leaves dead connections in the pool) or the
/// statement deadlocked. A driver error under cancellation becomes <see cref="OperationCanceledException"/>; any
/// other driver error is left to the store, which wraps it into its own exception.
/// </summary>
/// <remarks>Every operation of both stores is idempotent (upserts, reads, deletes, idempotent DDL), so repeating one whose connection broke is safe.</remarks>
/// <param name="dataSource">The data source.</param>
/// <param name="logger">The store's logger.</param>
/// <param name="timeoutSetting">The setting that gave the data source its command timeout (for example <c>PgVectorCatalogOptions.CommandTimeout</c>), named in timeout errors; null names the connection string's <c>Command Timeout</c>.</param>
internal sealed class PostgresConnectionRunner(NpgsqlDataSource dataSource, ILogger logger, string? timeoutSetting = null)
{
    private readonly string _timeoutLimit = DescribeLimit(dataSource.ConnectionString, timeoutSetting);

    /// <summary>Gets the data source.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Gets host, port and database, for messages: never the password.</summary>
    public string Server { get; } = DescribeServer(dataSource.ConnectionString);

    /// <summary>Gets the watch that bounds the silence of this data source's long statements.</summary>
    public PostgresLivenessWatch Watch { get; } = new(dataSource, DescribeServer(dataSource.ConnectionString), logger);

    /// <summary>Gets the database's name.</summary>
    public string Database { get; } = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "";

    /// <summary>Runs <paramref name="action"/> on an open connection.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation's name, for the logs.</param>
    /// <param name="action">The work.</param>
    /// <param name="keepConnection">Whether the caller takes the connection (returned by <paramref name="action"/>) and disposes it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result of <paramref name="action"/>.</returns>
    /// <exception cref="NpgsqlException">The work failed, twice if the failure was worth a retry.</exception>
    /// <exception cref="OperationCanceledException">The work was cancelled.</exception>
    public async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> action, bool keepConnection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                var handedOver = false;
                try
                {
                    var result = await action(connection, cancellationToken).ConfigureAwait(false);
                    handedOver = keepConnection;
                    return result;
                }
                finally
                {
                    if (!handedOver)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
            catch (NpgsqlException ex) when (attempt == 1 && IsRetryable(ex) && !cancellationToken.IsCancellationRequested)
            {
                PgVectorLog.RetryingOnFreshConnection(logger, ex, operation, Server, ex.Message);
                dataSource.Clear();
            }
            catch (NpgsqlException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{operation} was cancelled.", ex, cancellationToken);
            }
        }
    }

    /// <summary>Describes a driver error for a store's exception message.</summary>
    /// <param name="ex">The error.</param>
    /// <returns>The description, naming the server (not the password).</returns>
    public string Describe(NpgsqlException ex) => ex switch
    {
        PostgresException pg => $"PostgreSQL on {Server} reported {pg.SqlState}: {pg.MessageText}",
        { InnerException: PostgresSilenceException silence } =>
            $"PostgreSQL at {Server} did not answer {_timeoutLimit}: it stopped answering for {silence.Silence.TotalSeconds:F0} s while {silence.Statement} ran, which was cancelled and rolled back",
        _ when IsTimeout(ex) => $"PostgreSQL at {Server} did not answer {_timeoutLimit}",
        _ when ex.InnerException is { } inner => $"cannot use the PostgreSQL server at {Server}: {ex.Message} ({inner.Message})",
        _ => $"cannot use the PostgreSQL server at {Server}: {ex.Message}",
    };

    private static bool IsRetryable(NpgsqlException ex) => ex switch
    {
        // Connection lost (server shut down or restarted), or a deadlock between concurrent batches.
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState == PostgresErrorCodes.DeadlockDetected,
        // I/O errors only: a timeout means the server is busy, and repeating the work would not help.
        _ => ex.IsTransient && ex.InnerException is not TimeoutException,
    };

    private static bool IsTimeout(NpgsqlException ex) => ex.InnerException is TimeoutException || ex.InnerException?.InnerException is TimeoutException;

    private static string DescribeLimit(string connectionString, string? setting)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = builder.CommandTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return setting is null
            ? $"within {seconds} s (the connection string's Command Timeout)"
            : $"within {seconds} s ({setting})";
    }

    private static string DescribeServer(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Several hosts carry their own ports (or share the default one), so the list is shown as given.
        return builder.Host?.Contains(',', StringComparison.Ordinal) == true ? $"{builder.Host}/{builder.Database}" : $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
