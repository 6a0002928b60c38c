using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Writes a batch the fast way: <c>COPY ... (FORMAT BINARY)</c> into staging tables, then one merge into
/// the catalog, all inside the caller's transaction.
/// </summary>
internal static class PgVectorBulkWriter
{
    /// <summary>Stages and merges <paramref name="items"/>.</summary>
    /// <param name="connection">An open connection inside a transaction.</param>
    /// <param name="names">The catalog.</param>
    /// <param name="items">The validated batch.</param>
    /// <param name="cancellationToken">Cancels the work; the caller's transaction then rolls back.</param>
    /// <returns>A task that completes when the batch is merged (not yet committed).</returns>
    public static async Task WriteAsync(NpgsqlConnection connection, PgVectorCatalogNames names, IReadOnlyList<CatalogItem> items, CancellationToken cancellationToken)
    {
        await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.CreateStaging, cancellationToken).ConfigureAwait(false);

        // Sorted keys: concurrent batches then lock rows in one order and cannot deadlock each other.
        var sorted = items.OrderBy(item => item.Id, StringComparer.Ordinal).ToArray();
        var importer = await connection.BeginBinaryImportAsync(PgVectorSqlBuilder.CopyItems, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var item in sorted)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.Category, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.Name ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, item.ImageLocation, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, item.ContentHash, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(PgVectorItemReader.WriteMetadata(item.Metadata), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        importer = await connection.BeginBinaryImportAsync(PgVectorSqlBuilder.CopyVectors, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var item in sorted)
            {
                var embedding = item.Embedding;
                for (var q = 0; q < embedding.QueryCount; q++)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(item.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync((short)q, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(new Vector(embedding.GetQuery(q)), cancellationToken).ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await PgVectorCommands.ExecuteAsync(connection, PgVectorSqlBuilder.Merge(names), cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
