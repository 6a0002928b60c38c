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
    /// <param name="timeout">The time limit of each merge (<see cref="PgVectorCatalogOptions.BulkTimeout"/>), and of each copy's writes when the data source has no command timeout.</param>
    /// <param name="watch">Cancels a copy or merge when the server stops answering.</param>
    /// <param name="cancellationToken">Cancels the work; the caller's transaction then rolls back.</param>
    /// <returns>A task that completes when the batch is written (not yet committed).</returns>
    public static async Task WriteAsync(NpgsqlConnection connection, PgVectorCatalogNames names, IReadOnlyList<CatalogItem> items, bool firstLoad, TimeSpan timeout, PostgresLivenessWatch watch, CancellationToken cancellationToken)
    {
        // Sorted keys: concurrent batches then lock rows in one order and cannot deadlock each other.
        var sorted = items.OrderBy(item => item.Id, StringComparer.Ordinal).ToArray();
        await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.StageItems], cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyItems, "the copy of the items", sorted, WriteItemAsync, timeout, watch, cancellationToken).ConfigureAwait(false);
        await MergeAsync(connection, [PgVectorCatalogSqlBuilder.MergeItems(names)], "the merge of the items", timeout, watch, cancellationToken).ConfigureAwait(false);
        if (firstLoad)
        {
            await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyVectors(names), "the copy of the vectors", sorted, (importer, item, token) => WriteVectorsAsync(importer, item, withCategory: true, token), timeout, watch, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, PgVectorCatalogSqlBuilder.CompleteVectors(names), "the keys and indexes of the first load", timeout, watch, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.StageVectors], cancellationToken).ConfigureAwait(false);
            await CopyAsync(connection, PgVectorCatalogSqlBuilder.CopyStagedVectors, "the copy of the vectors", sorted, (importer, item, token) => WriteVectorsAsync(importer, item, withCategory: false, token), timeout, watch, cancellationToken).ConfigureAwait(false);
            await MergeAsync(connection, [PgVectorCatalogSqlBuilder.MergeVectors(names)], "the merge of the vectors", timeout, watch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs statements that scale with the batch under <paramref name="timeout"/>, cancelled when the server stops answering.</summary>
    private static Task MergeAsync(NpgsqlConnection connection, IReadOnlyList<string> statements, string what, TimeSpan timeout, PostgresLivenessWatch watch, CancellationToken cancellationToken) =>
        watch.RunAsync(what, token => PgVectorCommands.ExecuteAsync(connection, statements, timeout, token), cancellationToken);

    /// <summary>
    /// Copies <paramref name="items"/>: each write to and read from the server is bounded by the watch's limit (a server
    /// that stops reading blocks a write once the socket's buffers are full), and the whole copy is watched.
    /// </summary>
    internal static Task CopyAsync<T>(
        NpgsqlConnection connection,
        string copy,
        string what,
        IReadOnlyList<T> items,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRows,
        TimeSpan timeout,
        PostgresLivenessWatch watch,
        CancellationToken cancellationToken) =>
        watch.RunAsync(
            what,
            async token =>
            {
                var importer = await connection.BeginBinaryImportAsync(copy, token).ConfigureAwait(false);
                await using (importer.ConfigureAwait(false))
                {
                    // BulkTimeout only when the data source has no command timeout (nothing is watched then).
                    importer.Timeout = watch.Limit > TimeSpan.Zero ? watch.Limit : timeout;
                    foreach (var item in items)
                    {
                        await writeRows(importer, item, token).ConfigureAwait(false);
                    }

                    // Without Complete, disposing the importer cancels the COPY and nothing of it is written.
                    await importer.CompleteAsync(token).ConfigureAwait(false);
                }
            },
            cancellationToken);

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
        await WriteCentroidRowsAsync(importer, item.Id, withCategory ? item.Category : null, PgVectorCentroids.Compute(embedding), embedding.Vectors.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes an item's centroid rows (query indexes -1, -2, ...): its id, the category when the copy has that column, the
    /// centroid, and on the first row the item's query vectors when given (null otherwise, and on the other rows).
    /// </summary>
    internal static async Task WriteCentroidRowsAsync(NpgsqlBinaryImporter importer, string id, string? category, float[][] centroids, float[]? queryVectors, CancellationToken cancellationToken)
    {
        for (var c = 0; c < centroids.Length; c++)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync((short)(PgVectorCatalogSqlBuilder.PooledQueryIndex - c), NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            if (category is not null)
            {
                await importer.WriteAsync(category, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(new Vector(centroids[c]), cancellationToken).ConfigureAwait(false);
            if (c == 0 && queryVectors is not null)
            {
                await importer.WriteAsync(queryVectors, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken).ConfigureAwait(false);
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
