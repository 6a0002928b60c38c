using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Runs every database call of the catalog store through the shared <see cref="PostgresConnectionRunner"/> (one
/// retry on a lost connection), and wraps driver errors into <see cref="CatalogStoreException"/> with the operation's name.
/// </summary>
/// <param name="dataSource">The data source.</param>
/// <param name="logger">The store's logger.</param>
/// <param name="timeoutSetting">The setting that holds the data source's command timeout, for errors; null when the caller built the data source.</param>
internal sealed class PgVectorCatalogRunner(NpgsqlDataSource dataSource, ILogger logger, string? timeoutSetting = null)
{
    private readonly PostgresConnectionRunner _connections = new(dataSource, logger, timeoutSetting);

    /// <summary>Gets the watch that bounds the silence of the long statements run on this runner's connections.</summary>
    public PostgresLivenessWatch Watch => _connections.Watch;

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
    internal string Describe(NpgsqlException ex) => _connections.Describe(ex);

    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> action, bool keepConnection, CancellationToken cancellationToken)
    {
        try
        {
            return await _connections.RunAsync(operation, action, keepConnection, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            PgVectorLog.CatalogOperationFailed(logger, ex, operation, _connections.Server);
            throw new CatalogStoreException(operation, Describe(ex), ex) { IsTransient = ex.IsTransient };
        }
        catch (InvalidDataException ex)
        {
            throw new CatalogStoreException(operation, $"the catalog on {_connections.Server} holds unexpected data: {ex.Message}", ex);
        }
    }
}
