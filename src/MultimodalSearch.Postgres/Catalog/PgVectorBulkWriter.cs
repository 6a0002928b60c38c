using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Writes a batch the fast way, inside the caller's transaction: items by <c>COPY ... (FORMAT BINARY)</c>
/// into a staging table and one merge; query vectors likewise, except on the first load, which copies them
/// straight into the vectors table created in the same transaction and then adds its keys and indexes. Each item
/// also gets its pooled row (<see cref="PgVectorCatalogSqlBuilder.PooledQueryIndex"/>), the one the HNSW index holds.
/// </summary>
internal static class PgVectorBulkWriter
{
    /// <summary>Writes <paramref name="items"/>.</summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="names">The catalog.</param>
    /// <param name="items">The validated batch.</param>
    /// <param name="firstLoad">Whether the vectors table was created, empty and bare, in this transaction.</param>
    /// <param name="timeout">The time limit of each copy and merge.</param>
    /// <param name="cancellationToken">Cancels the work; the caller's transaction then rolls back.</param>
    /// <returns>A task that completes when the batch is written (not yet committed).</returns>
    public static async Task WriteAsync(NpgsqlConnection connection, PgVectorCatalogNames names, IReadOnlyList<CatalogItem> items, bool firstLoad, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Sorted keys: concurrent batches then lock rows in one order and cannot deadlock each other.
        var sorted = items.OrderBy(item => item.Id, StringComparer.Ordinal).ToArray();
        await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.StageItems], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyItems, sorted, WriteItemAsync, timeout, cancellationToken).ConfigureAwait(false);
        await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.MergeItems(names)], timeout, cancellationToken).ConfigureAwait(false);
        if (firstLoad)
        {
            await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyVectors(names), sorted, (importer, item, token) => WriteVectorsAsync(importer, item, withCategory: true, token), timeout, cancellationToken).ConfigureAwait(false);
            await PgVectorCommands.ExecuteAsync(connection, PgVectorCatalogSqlBuilder.CompleteVectors(names), timeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.StageVectors], cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyStagedVectors, sorted, (importer, item, token) => WriteVectorsAsync(importer, item, withCategory: false, token), timeout, cancellationToken).ConfigureAwait(false);
            await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.MergeVectors(names)], timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection,
        string copy,
        CatalogItem[] items,
        Func<NpgsqlBinaryImporter, CatalogItem, CancellationToken, Task> writeRows,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = timeout;
            foreach (var item in items)
            {
                await writeRows(importer, item, cancellationToken).ConfigureAwait(false);
            }

            // Without Complete, disposing the importer cancels the COPY and nothing of it is written.
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteItemAsync(NpgsqlBinaryImporter importer, CatalogItem item, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(item.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(item.Category, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(item.Name ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteNullableAsync(importer, item.ImageLocation, cancellationToken).ConfigureAwait(false);
        await WriteNullableAsync(importer, item.ContentHash, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(PgVectorItemReader.WriteMetadata(item.Metadata), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteVectorsAsync(NpgsqlBinaryImporter importer, CatalogItem item, bool withCategory, CancellationToken cancellationToken)
    {
        var embedding = item.Embedding;
        for (var q = 0; q < embedding.QueryCount; q++)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(item.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync((short)q, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            if (withCategory)
            {
                await importer.WriteAsync(item.Category, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(new Vector(embedding.GetQuery(q)), cancellationToken).ConfigureAwait(false);
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }

        // The centroid rows, the only ones the HNSW index holds; the first also carries all the query vectors, for
        // scoring the candidates the index finds.
        var centroids = PgVectorCentroids.Compute(embedding);
        for (var c = 0; c < centroids.Length; c++)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(item.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync((short)(PgVectorCatalogSqlBuilder.PooledQueryIndex - c), NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            if (withCategory)
            {
                await importer.WriteAsync(item.Category, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(new Vector(centroids[c]), cancellationToken).ConfigureAwait(false);
            if (c == 0)
            {
                await importer.WriteAsync(embedding.Vectors.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
