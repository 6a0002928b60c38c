using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Creates and versions the catalog's tables, and tracks its shape: the vector width and query count
/// are fixed by the first items written, which also create the vectors table and its HNSW index (built
/// after that first load, which is faster than growing it row by row).
/// </summary>
internal sealed class PgVectorSchema(PgVectorCatalogNames names, PgVectorCatalogOptions options, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;
    private volatile bool _indexReady;
    private volatile PgVectorCatalogShape? _shape;

    /// <summary>Gets the catalog's shape as last seen; null while it holds no vectors.</summary>
    public PgVectorCatalogShape? Shape => _shape;

    /// <summary>Creates or upgrades the schema once per store, then returns the catalog's shape (re-read while unknown).</summary>
    /// <param name="connection">An open connection outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The shape, or null while the catalog holds no vectors.</returns>
    public async Task<PgVectorCatalogShape?> EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        else if (_shape is null)
        {
            // Another store or process may have written the first items since.
            _shape = await ReadShapeAsync(connection, forUpdate: false, cancellationToken).ConfigureAwait(false);
        }

        return _shape;
    }

    /// <summary>
    /// Inside a write transaction: returns the catalog's shape, fixing it to <paramref name="batch"/>'s and
    /// creating the vectors table when the catalog has none yet. The meta row stays locked until commit,
    /// so concurrent first writers agree on one shape.
    /// </summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="batch">The shape of the batch being written.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The catalog's shape, which the batch must then have, and whether this is the first load (the vectors table was just created, bare).</returns>
    public async Task<(PgVectorCatalogShape Shape, bool FirstLoad)> PrepareWriteAsync(NpgsqlConnection connection, PgVectorCatalogShape batch, CancellationToken cancellationToken)
    {
        if (_shape is { } known)
        {
            return (known, false);
        }

        if (await ReadShapeAsync(connection, forUpdate: true, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return (stored, false);
        }

        await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.SetShape(names), cancellationToken, batch.Dimensions, batch.QueryCount).ConfigureAwait(false);
        await PgVectorCommands.ExecuteAsync(connection, [PgVectorSqlBuilder.CreateVectors(names, batch.Dimensions)], cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Catalog {Catalog} holds {QueryCount} query vectors of {Dimensions} dimensions per item", names.LockKey, batch.QueryCount, batch.Dimensions);
        return (batch, true);
    }

    /// <summary>Inside a write transaction, after the batch is merged: creates the HNSW index if it does not exist yet.</summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the index exists.</returns>
    public async Task EnsureIndexAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_indexReady)
        {
            return;
        }

        var exists = await PgVectorCommands.ScalarAsync<bool>(connection, PgVectorSqlBuilder.IndexExists, cancellationToken, PgVectorSqlBuilder.HnswIndexQualifiedName(names)).ConfigureAwait(false);
        if (!exists)
        {
            logger.LogInformation("Building the HNSW index of catalog {Catalog} (m {M}, ef_construction {EfConstruction})", names.LockKey, options.HnswM, options.HnswEfConstruction);
            if (options.IndexBuildMemory is { } memory)
            {
                await PgVectorCommands.ScalarAsync<string>(connection, PgVectorSqlBuilder.IndexBuildMemory, cancellationToken, memory).ConfigureAwait(false);
            }

            await PgVectorCommands.ExecuteAsync(connection, [PgVectorSqlBuilder.CreateHnswIndex(names, options.HnswM, options.HnswEfConstruction)], options.BulkTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records what a committed write established.</summary>
    /// <param name="shape">The catalog's shape.</param>
    public void Committed(PgVectorCatalogShape shape)
    {
        _shape = shape;
        _indexReady = true;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task InitializeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var createdExtension = false;
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.AdvisoryLock, cancellationToken, names.LockKey).ConfigureAwait(false);
            var version = await PgVectorCommands.ScalarAsync<string>(connection, PgVectorSqlBuilder.VectorExtensionVersion, cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                await CreateExtensionAsync(connection, cancellationToken).ConfigureAwait(false);
                createdExtension = true;
            }

            await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.CreateMeta(names), cancellationToken).ConfigureAwait(false);
            var schemaVersion = await PgVectorCommands.ScalarAsync<int>(connection, PgVectorSqlBuilder.ReadMeta(names), cancellationToken).ConfigureAwait(false);
            if (schemaVersion > PgVectorSqlBuilder.SchemaVersion)
            {
                throw new CatalogStoreException(
                    "Initialize",
                    $"the catalog {names.LockKey} has schema version {schemaVersion}, newer than this library's {PgVectorSqlBuilder.SchemaVersion}; upgrade MultimodalSearch.Postgres.");
            }

            var migrations = PgVectorSqlBuilder.Migrate(names, schemaVersion);
            if (migrations.Count > 0)
            {
                logger.LogInformation("Migrating catalog {Catalog} from schema version {From} to {To}", names.LockKey, schemaVersion, PgVectorSqlBuilder.SchemaVersion);
                await PgVectorCommands.ExecuteAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
            }

            _shape = await ReadShapeAsync(connection, forUpdate: false, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (createdExtension)
        {
            // The vector type did not exist when the data source loaded its types.
            await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Dimensions is { } required && _shape is { } shape && shape.Dimensions != required)
        {
            throw new CatalogStoreException(
                "Initialize",
                $"the catalog {names.LockKey} holds vectors of {shape.Dimensions} dimensions; the options require {required}; use another Collection or remove Dimensions.");
        }
    }

    private async Task CreateExtensionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            logger.LogInformation("Creating the pgvector extension in database {Database}", connection.Database);
            await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.CreateVectorExtension, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new CatalogStoreException(
                "Initialize",
                $"the pgvector extension is not installed in database '{connection.Database}' and could not be created ({ex.SqlState}: {ex.MessageText}). Install pgvector (0.8.0 or later; 0.8.2 or later in production) and run CREATE EXTENSION vector as a privileged user.",
                ex);
        }
    }

    private async Task<PgVectorCatalogShape?> ReadShapeAsync(NpgsqlConnection connection, bool forUpdate, CancellationToken cancellationToken)
    {
        var command = PgVectorCommands.Create(connection, PgVectorSqlBuilder.ReadMeta(names, forUpdate));
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1) || reader.IsDBNull(2))
                {
                    return null;
                }

                return new PgVectorCatalogShape(reader.GetInt32(1), reader.GetInt32(2));
            }
        }
    }
}
