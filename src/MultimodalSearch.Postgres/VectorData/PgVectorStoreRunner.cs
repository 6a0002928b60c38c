using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// Runs every database call of the MEVD store and its collections through the shared
/// <see cref="PostgresConnectionRunner"/> (one retry on a lost connection), traces the operation, and turns driver
/// errors into <see cref="VectorStoreException"/> naming the store, the collection and the operation.
/// </summary>
internal sealed class PgVectorStoreRunner(NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>The system name MEVD reports for PostgreSQL.</summary>
    public const string SystemName = "postgresql";

    private readonly PostgresConnectionRunner _connections = new(dataSource, logger);

    /// <summary>Gets the data source.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Gets the database's name (MEVD's store name).</summary>
    public string DatabaseName => _connections.Database;

    /// <summary>Runs <paramref name="action"/> on an open connection.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="collection">The collection's name, or null for a store operation.</param>
    /// <param name="operation">The operation's name.</param>
    /// <param name="action">The work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result of <paramref name="action"/>.</returns>
    /// <exception cref="VectorStoreException">The database call failed.</exception>
    public async Task<T> RunAsync<T>(string? collection, string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = PgVectorDiagnostics.Source.StartActivity("vectorstore." + operation, ActivityKind.Client);
        activity?.SetTag("db.system", SystemName);
        activity?.SetTag("db.collection.name", collection);
        try
        {
            return await _connections.RunAsync(operation, action, keepConnection: false, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            PgVectorLog.VectorStoreOperationFailed(logger, ex, operation, collection);
            throw new VectorStoreException(Describe(collection, ex), ex)
            {
                VectorStoreSystemName = SystemName,
                VectorStoreName = DatabaseName,
                CollectionName = collection,
                OperationName = operation,
            };
        }
    }

    private string Describe(string? collection, NpgsqlException ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } when collection is not null =>
            $"The collection '{collection}' does not exist; call EnsureCollectionExistsAsync first. ({ex.Message})",
        _ => _connections.Describe(ex),
    };
}
