using Npgsql;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The upgrade to schema version 5, inside the initialising transaction of a catalog that holds vectors: computes every
/// item's centroid rows again from the query vectors its row -1 carries (<see cref="PgVectorCentroids"/>, now seeded
/// farthest-first), a page of items at a time, and writes the rows that changed. A catalog migrated from version 1 had
/// only row -1 (its mean); it gets all its centroid rows here. The caller drops the centroid index first and builds it
/// after (rewriting every indexed row through the index would cost several times the build); the transaction makes the
/// whole step atomic, so an interrupted upgrade leaves version 4 and its rows as they were, and runs again.
/// </summary>
internal static class PgVectorCentroidRecompute
{
    /// <summary>The schema version whose centroids are seeded farthest-first; catalogs below it get theirs recomputed.</summary>
    public const int SeededFarthestFirst = 5;

    /// <summary>How many items one page reads (their query vectors: 32 KB each for BLIP-2's 32 x 256).</summary>
    internal const int PageItems = 1_000;

    /// <summary>Recomputes the centroid rows of every item.</summary>
    /// <param name="connection">An open connection inside the initialising transaction.</param>
    /// <param name="names">The catalog.</param>
    /// <param name="shape">The catalog's shape.</param>
    /// <param name="timeout">The time limit of each merge (<see cref="PgVectorCatalogOptions.BulkTimeout"/>), and of each copy's writes when the data source has no command timeout.</param>
    /// <param name="watch">Cancels a statement when the server stops answering.</param>
    /// <param name="cancellationToken">Cancels the work; the caller's transaction then rolls back.</param>
    /// <returns>The number of items whose rows were computed.</returns>
    public static async Task<long> RunAsync(NpgsqlConnection connection, PgVectorCatalogNames names, PgVectorCatalogShape shape, TimeSpan timeout, PostgresLivenessWatch watch, CancellationToken cancellationToken)
    {
        await PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.StageVectors], cancellationToken).ConfigureAwait(false);
        var after = "";
        long items = 0;
        while (true)
        {
            var page = await ReadPageAsync(connection, names, shape, after, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return items;
            }

            await PgVectorBulkWriter.CopyAsync(
                connection,
                PgVectorCatalogSqlBuilder.CopyStagedVectors,
                "the copy of the recomputed centroids",
                page,
                (importer, item, token) => PgVectorBulkWriter.WriteCentroidRowsAsync(importer, item.Id, category: null, item.Centroids, queryVectors: null, token),
                timeout,
                watch,
                cancellationToken).ConfigureAwait(false);
            await watch.RunAsync(
                "the write of the recomputed centroids",
                token => PgVectorCommands.ExecuteAsync(connection, [PgVectorCatalogSqlBuilder.MergeRecomputedCentroids(names), PgVectorCatalogSqlBuilder.ClearStagedVectors], timeout, token),
                cancellationToken).ConfigureAwait(false);
            items += page.Count;
            after = page[^1].Id;
        }
    }

    private static async Task<List<(string Id, float[][] Centroids)>> ReadPageAsync(NpgsqlConnection connection, PgVectorCatalogNames names, PgVectorCatalogShape shape, string after, CancellationToken cancellationToken)
    {
        var page = new List<(string, float[][])>(PageItems);
        var command = PgVectorCommands.Create(connection, PgVectorCatalogSqlBuilder.ReadQueryVectorsPage(names), after, PageItems);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var vectors = reader.GetFieldValue<float[]>(1);
                    if (vectors.Length != shape.QueryCount * shape.Dimensions)
                    {
                        throw new CatalogStoreException(
                            "Initialize",
                            $"item '{reader.GetString(0)}' of catalog {names.LockKey} holds {vectors.Length} query vector values where its shape takes {shape.QueryCount} x {shape.Dimensions}; re-index the catalog.");
                    }

                    page.Add((reader.GetString(0), PgVectorCentroids.Compute(new ImageEmbedding(vectors, shape.QueryCount))));
                }
            }
        }

        return page;
    }
}
