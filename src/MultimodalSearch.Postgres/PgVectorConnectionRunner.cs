using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Runs every database call of the store: opens a pooled connection, retries once when the connection
/// was lost (a restarted server leaves dead connections in the pool), and wraps driver errors into
/// <see cref="CatalogStoreException"/> with the operation's name.
/// </summary>
/// <remarks>Every operation of the store is idempotent, so repeating one whose connection broke is safe.</remarks>
internal sealed class PgVectorConnectionRunner(NpgsqlDataSource dataSource, ILogger logger)
{
    private readonly string _server = DescribeServer(dataSource.ConnectionString);

    /// <summary>Runs <paramref name="action"/> on an open connection.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation's name, for errors.</param>
    /// <param name="action">The work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result of <paramref name="action"/>.</returns>
    /// <exception cref="CatalogStoreException">The database call failed.</exception>
    public Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(operation, action, keepConnection: false, cancellationToken);

    /// <summary>
    /// Opens a connection that the caller then owns (and disposes), and runs <paramref name="prepare"/> on it,
    /// with the same retry and errors as <see cref="RunAsync{T}(string, Func{NpgsqlConnection, CancellationToken, Task{T}}, CancellationToken)"/>.
    /// </summary>
    /// <param name="operation">The operation's name, for errors.</param>
    /// <param name="prepare">The work to do on the connection before it is handed over.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="CatalogStoreException">The database call failed.</exception>
    public Task<NpgsqlConnection> OpenAsync(string operation, Func<NpgsqlConnection, CancellationToken, Task> prepare, CancellationToken cancellationToken) =>
        RunAsync(
            operation,
            async (connection, token) =>
            {
                await prepare(connection, token).ConfigureAwait(false);
                return connection;
            },
            keepConnection: true,
            cancellationToken);

    /// <summary>Runs <paramref name="action"/> on an open connection.</summary>
    /// <param name="operation">The operation's name, for errors.</param>
    /// <param name="action">The work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes with the work.</returns>
    /// <exception cref="CatalogStoreException">The database call failed.</exception>
    public Task RunAsync(string operation, Func<NpgsqlConnection, CancellationToken, Task> action, CancellationToken cancellationToken) =>
        RunAsync(
            operation,
            async (connection, token) =>
            {
                await action(connection, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Describes an error for a <see cref="CatalogStoreException"/> message.</summary>
    /// <param name="ex">The error.</param>
    /// <returns>The description.</returns>
    internal string Describe(NpgsqlException ex) => ex switch
    {
        PostgresException pg => $"PostgreSQL on {_server} reported {pg.SqlState}: {pg.MessageText}",
        _ when ex.InnerException is { } inner => $"cannot use the PostgreSQL server at {_server}: {ex.Message} ({inner.Message})",
        _ => $"cannot use the PostgreSQL server at {_server}: {ex.Message}",
    };

    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> action, bool keepConnection, CancellationToken cancellationToken)
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
                logger.LogWarning(ex, "{Operation} on {Server} lost its connection or conflicted ({Error}); retrying once on a fresh connection", operation, _server, ex.Message);
                dataSource.Clear();
            }
            catch (NpgsqlException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{operation} was cancelled.", ex, cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                logger.LogError(ex, "{Operation} on {Server} failed", operation, _server);
                throw new CatalogStoreException(operation, Describe(ex), ex);
            }
            catch (InvalidDataException ex)
            {
                throw new CatalogStoreException(operation, $"the catalog on {_server} holds unexpected data: {ex.Message}", ex);
            }
        }
    }

    private static bool IsRetryable(NpgsqlException ex) => ex switch
    {
        // Connection lost (server shut down or restarted), or a deadlock between concurrent batches.
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState == PostgresErrorCodes.DeadlockDetected,
        // I/O errors only: a timeout means the server is busy, and repeating the work would not help.
        _ => ex.IsTransient && ex.InnerException is not TimeoutException,
    };

    private static string DescribeServer(string connectionString)
    {
        // Host, port and database only: the connection string may hold a password.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
