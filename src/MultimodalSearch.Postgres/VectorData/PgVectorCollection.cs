using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Npgsql;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>
/// A Microsoft.Extensions.VectorData collection in one PostgreSQL table with pgvector: one column per
/// record property, HNSW (or no index, for exact scans) on each vector, btree or GIN indexes on indexed
/// data properties, and GIN full-text indexes for hybrid search.
/// </summary>
/// <typeparam name="TKey">The key type: <see cref="Guid"/>, <see cref="int"/>, <see cref="long"/> or <see cref="string"/> (<see cref="object"/> for dynamic collections).</typeparam>
/// <typeparam name="TRecord">The record type, mapped by the MEVD attributes or a <see cref="VectorStoreCollectionDefinition"/>.</typeparam>
/// <remarks>
/// Get collections from <see cref="PgVectorStore"/>. Instances are thread-safe. A batch upsert is one
/// transaction; its records are written in key order so that concurrent batches cannot deadlock. Filters
/// are translated to SQL with every value as a parameter; see <c>docs/vectordata.md</c> for what they may hold.
/// <see cref="DateTime"/> values must be UTC and <see cref="DateTimeOffset"/> values have offset 0 (timestamptz keeps
/// no offset). Database errors surface as <see cref="VectorStoreException"/>; a lost connection is retried once.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "MEVD collections are named ...Collection.")]
public sealed partial class PgVectorCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordHybridSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    // PostgreSQL takes at most 65535 parameters per statement.
    private const int MaxParameters = 65_535;

    private readonly PgVectorStoreRunner _runner;
    private readonly PgVectorTable _table;
    private readonly CollectionModel _model;
    private readonly VectorStoreCollectionMetadata _metadata;
    private readonly ILogger _logger;
    private readonly PgVectorTableSize _size;

    // The store this collection was made from when nothing else owns it (a collection registered with a connection string).
    private IDisposable? _ownedStore;

    internal PgVectorCollection(PgVectorStoreRunner runner, PgVectorTable table, ILogger logger)
    {
        _runner = runner;
        _table = table;
        _size = new PgVectorTableSize(table.QualifiedName, table.ExactSearchThreshold);
        _model = table.Model;
        _logger = logger;
        _metadata = new VectorStoreCollectionMetadata
        {
            VectorStoreSystemName = PgVectorStoreRunner.SystemName,
            VectorStoreName = runner.DatabaseName,
            CollectionName = table.Name,
        };
    }

    /// <inheritdoc />
    public override string Name => _table.Name;

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        _runner.RunAsync(
            Name,
            "CollectionExists",
            async (connection, token) => await PgVectorCommands.ScalarAsync<bool>(connection, PgVectorCollectionSqlBuilder.TableExists, token, _table.Schema, _table.Name).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>Creates the schema, the table and its indexes when missing, and the pgvector extension when the database lacks it (which needs the privilege to).</remarks>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        _runner.RunAsync(
            Name,
            "EnsureCollectionExists",
            async (connection, token) =>
            {
                var createdExtension = false;
                var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Concurrent CREATE ... IF NOT EXISTS of one table can still collide in the catalog: serialise them.
                    await PgVectorCommands.ExecuteAsync(connection, PostgresStatements.AdvisoryLock, token, _table.LockKey).ConfigureAwait(false);
                    if (_table.Vectors.Count > 0
                        && await PgVectorCommands.ScalarAsync<string>(connection, PostgresStatements.VectorExtensionVersion, token).ConfigureAwait(false) is null)
                    {
                        await PgVectorCommands.ExecuteAsync(connection, PostgresStatements.CreateVectorExtension, token).ConfigureAwait(false);
                        createdExtension = true;
                    }

                    await PgVectorCommands.ExecuteAsync(connection, PgVectorCollectionSqlBuilder.Create(_table), token).ConfigureAwait(false);
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                }

                if (createdExtension)
                {
                    // The vector type did not exist when the data source loaded its types.
                    await connection.ReloadTypesAsync(token).ConfigureAwait(false);
                }

                PgVectorLog.CollectionExists(_logger, _table.Name, _table.Schema);
                return true;
            },
            cancellationToken);

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        _runner.RunAsync(
            Name,
            "EnsureCollectionDeleted",
            (connection, token) => PgVectorCommands.ExecuteAsync(connection, PgVectorCollectionSqlBuilder.Drop(_table), token),
            cancellationToken);

    /// <inheritdoc />
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var records = await GetByKeysAsync([key], options?.IncludeVectors == true, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    /// <remarks>One statement for all keys; records come in no particular order, and unknown keys are skipped.</remarks>
    public override async IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var record in await GetByKeysAsync([.. keys], options?.IncludeVectors == true, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    /// <remarks>Records come in the order asked for, then by key, so that pages taken with <c>Skip</c> do not overlap.</remarks>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter,
        int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        EnsureVectorsReadable(options.IncludeVectors);
        var parameters = new List<object>();
        var condition = PgVectorFilterTranslator.Translate(filter, _table, parameters);
        var orderBy = options.OrderBy?.Invoke(new()).Values
            .Select(sort => _table[_model.GetDataOrKeyProperty(sort.PropertySelector)].QuotedName + (sort.Ascending ? " ASC" : " DESC"))
            .ToList() ?? [];
        parameters.Add(top);
        parameters.Add(options.Skip);
        var sql = PgVectorCollectionSqlBuilder.GetWhere(_table, condition, orderBy, options.IncludeVectors, Placeholder(parameters.Count - 1), Placeholder(parameters.Count));
        var records = await _runner.RunAsync(
            Name,
            "GetWhere",
            (connection, token) => ReadRecordsAsync(PgVectorCommands.Create(connection, sql, [.. parameters]), options.IncludeVectors, token),
            cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement for all keys; unknown keys are ignored.</remarks>
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var array = KeyArray(keys);
        if (array.Length == 0)
        {
            return Task.CompletedTask;
        }

        return _runner.RunAsync(
            Name,
            "Delete",
            (connection, token) => PgVectorCommands.ExecuteAsync(connection, PgVectorCollectionSqlBuilder.DeleteByKeys(_table), token, array),
            cancellationToken);
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The batch is one transaction. A key that appears twice keeps its last record. An auto-generated key left
    /// unset is given a value, which is written back to the record: a new version-7 <see cref="Guid"/>, or the
    /// next value of the table's identity column for <see cref="int"/> and <see cref="long"/> keys (records given
    /// an explicit key do not move that sequence, so do not mix both in one collection).
    /// </remarks>
    /// <exception cref="ArgumentException">A record is null, has a null key, a vector of the wrong width, or text PostgreSQL cannot store.</exception>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var (rows, generated) = await ToRowsAsync(list, cancellationToken).ConfigureAwait(false);
        var perStatement = Math.Max(1, MaxParameters / _table.Columns.Count);
        await _runner.RunAsync(
            Name,
            "Upsert",
            async (connection, token) =>
            {
                // One batch is one implicit transaction: either every statement applies or none.
                var batch = new NpgsqlBatch(connection);
                await using (batch.ConfigureAwait(false))
                {
                    // Records whose key the database generates first, one statement each, so that each returns its own key.
                    foreach (var (row, _) in generated)
                    {
                        var command = new NpgsqlBatchCommand(PgVectorCollectionSqlBuilder.InsertWithGeneratedKey(_table));
                        foreach (var value in row.Skip(1))
                        {
                            command.Parameters.Add(new NpgsqlParameter { Value = value });
                        }

                        batch.BatchCommands.Add(command);
                    }

                    foreach (var chunk in rows.Chunk(perStatement))
                    {
                        var command = new NpgsqlBatchCommand(PgVectorCollectionSqlBuilder.Upsert(_table, chunk.Length));
                        foreach (var value in chunk.SelectMany(row => row))
                        {
                            command.Parameters.Add(new NpgsqlParameter { Value = value });
                        }

                        batch.BatchCommands.Add(command);
                    }

                    var reader = await batch.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var keys = new List<object>(generated.Count);
                        for (var i = 0; i < generated.Count; i++)
                        {
                            if (i > 0)
                            {
                                await reader.NextResultAsync(token).ConfigureAwait(false);
                            }

                            await reader.ReadAsync(token).ConfigureAwait(false);
                            keys.Add(reader.GetValue(0));
                        }

                        while (await reader.NextResultAsync(token).ConfigureAwait(false))
                        {
                            // Runs the rest of the batch, so that its errors surface here.
                        }

                        // Only once the whole batch has applied do the records learn their keys.
                        for (var i = 0; i < generated.Count; i++)
                        {
                            _model.KeyProperty.SetValueAsObject(generated[i].Record, keys[i]);
                        }
                    }

                    return true;
                }
            },
            cancellationToken).ConfigureAwait(false);
        _size.Invalidate();
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType == typeof(NpgsqlDataSource) ? _runner.DataSource
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Makes this collection dispose <paramref name="store"/> (and so its own data source) when it is disposed.</summary>
    /// <param name="store">The store the collection came from.</param>
    /// <returns>This collection.</returns>
    internal PgVectorCollection<TKey, TRecord> Owning(IDisposable store)
    {
        _ownedStore = store;
        return this;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _ownedStore, null)?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<List<TRecord>> GetByKeysAsync(List<TKey> keys, bool includeVectors, CancellationToken cancellationToken)
    {
        EnsureVectorsReadable(includeVectors);
        var array = KeyArray(keys);
        if (array.Length == 0)
        {
            return [];
        }

        var sql = PgVectorCollectionSqlBuilder.GetByKeys(_table, includeVectors);
        return await _runner.RunAsync(
            Name,
            "Get",
            (connection, token) => ReadRecordsAsync(PgVectorCommands.Create(connection, sql, array), includeVectors, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="command"/> and maps its rows, whose columns are the table's (vectors when included), then any extra.</summary>
    private async Task<List<TRecord>> ReadRecordsAsync(NpgsqlCommand command, bool includeVectors, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await ReadRecordsAsync(reader, includeVectors, extra: null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<TRecord>> ReadRecordsAsync(NpgsqlDataReader reader, bool includeVectors, Action<TRecord, NpgsqlDataReader, int>? extra, CancellationToken cancellationToken)
    {
        var records = new List<TRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = _model.CreateRecord<TRecord>();
            var ordinal = 0;
            foreach (var column in _table.Columns)
            {
                if (column.Vector is not null && !includeVectors)
                {
                    continue;
                }

                var value = PgVectorColumnTypes.Read(reader, ordinal++, column.Property);

                // A null in a column of a non-nullable value type (written by a dynamic record without it) keeps the default.
                if (value is not null || !column.Property.Type.IsValueType || Nullable.GetUnderlyingType(column.Property.Type) is not null)
                {
                    column.Property.SetValueAsObject(record, value);
                }
            }

            extra?.Invoke(record, reader, ordinal);
            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// Turns records into rows of parameter values (the table's columns): those with a key, deduplicated by key and
    /// sorted by it, and those whose key the database is to generate (with a null in the key's place).
    /// </summary>
    private async Task<(List<object[]> Rows, List<(object[] Row, TRecord Record)> Generated)> ToRowsAsync(List<TRecord> records, CancellationToken cancellationToken)
    {
        var embeddings = new Dictionary<VectorPropertyModel, IReadOnlyList<Microsoft.Extensions.AI.Embedding>>();
        foreach (var vector in _model.VectorProperties.Where(v => !PgVectorModelBuilder.IsNativeVectorType(v.Type)))
        {
            // The property holds the source (say, text); its embedding generator makes the vector.
            embeddings[vector] = await vector.GenerateEmbeddingsAsync(records.Select(r => vector.GetValueAsObject(r)!), cancellationToken).ConfigureAwait(false);
        }

        var byKey = new Dictionary<object, object[]>();
        var generated = new List<(object[] Row, TRecord Record)>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"Record {i} of the batch is null.", nameof(records));
            var row = new object[_table.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                var column = _table.Columns[c];
                row[c] = column.Property switch
                {
                    KeyPropertyModel key => KeyValue(key, record),
                    VectorPropertyModel vector when embeddings.TryGetValue(vector, out var generatedVectors) =>
                        PgVectorColumnTypes.ToVectorParameter(vector, generatedVectors[i]),
                    VectorPropertyModel vector => PgVectorColumnTypes.ToVectorParameter(vector, vector.GetValueAsObject(record)),
                    var data => PgVectorColumnTypes.ToParameter(data, data.GetValueAsObject(record)),
                };
            }

            if (row[0] is DBNull)
            {
                generated.Add((row, record));
            }
            else
            {
                byKey[row[0]] = row;
            }
        }

        var rows = byKey.Values.ToList();
        rows.Sort(static (a, b) => CompareKeys(a[0], b[0]));
        return (rows, generated);
    }

    /// <summary>Gets the key's parameter value: <see cref="DBNull.Value"/> when the database is to generate it.</summary>
    private static object KeyValue(KeyPropertyModel key, TRecord record)
    {
        var value = key.GetValueAsObject(record);
        if (PgVectorModelBuilder.IsDatabaseGenerated(key) && value is null or 0 or 0L)
        {
            return DBNull.Value;
        }

        if (key.IsAutoGenerated && (value is null || (value is Guid guid && guid == Guid.Empty)))
        {
            value = Guid.CreateVersion7();
            key.SetValueAsObject(record, value);
        }

        return value is null
            ? throw new ArgumentException($"A record has a null key ('{key.ModelName}').", nameof(record))
            : PgVectorColumnTypes.ToParameter(key, value);
    }

    private Array KeyArray(IEnumerable<TKey> keys)
    {
        var list = keys.ToList();
        var array = Array.CreateInstance(_model.KeyProperty.Type, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var key = (object?)list[i] ?? throw new ArgumentException("The keys must not contain null.", nameof(keys));
            if (!_model.KeyProperty.Type.IsInstanceOfType(key))
            {
                throw new ArgumentException($"The key {key} is a {key.GetType().Name}; this collection's keys are {_model.KeyProperty.Type.Name}.", nameof(keys));
            }

            array.SetValue(PgVectorColumnTypes.ToParameter(_model.KeyProperty, key), i);
        }

        return array;
    }

    private void EnsureVectorsReadable(bool includeVectors)
    {
        if (includeVectors && _model.EmbeddingGenerationRequired)
        {
            throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration);
        }
    }

    private static int CompareKeys(object a, object b) =>
        a is string text ? string.CompareOrdinal(text, (string)b) : ((IComparable)a).CompareTo(b);

    private static string Placeholder(int ordinal) => "$" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
