using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Whether a table is small enough for searches to scan every row instead of asking the HNSW index
/// (<see cref="Catalog.PgVectorCatalogOptions.ExactSearchThreshold"/>, <see cref="VectorData.PgVectorStoreOptions.ExactSearchThreshold"/>):
/// the size (<see cref="PostgresStatements.RowEstimate(string)"/>) is kept for a while and forgotten after the
/// owner's writes. Used by the catalog store's vectors table and by every VectorData collection.
/// </summary>
internal sealed class PgVectorTableSize(string qualifiedTable, int threshold)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly string _estimate = PostgresStatements.RowEstimate(qualifiedTable);
    private long _rows = -1;
    private long _readAt;

    /// <summary>Tells whether the table holds at most the threshold's rows (never, for a threshold of 0).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>True to scan every row.</returns>
    public async Task<bool> IsSmallAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (threshold == 0)
        {
            return false;
        }

        var readAt = Interlocked.Read(ref _readAt);
        if (readAt == 0 || TimeProvider.System.GetElapsedTime(readAt) > Lifetime)
        {
            await using var command = new NpgsqlCommand(_estimate, connection)
            {
                Parameters =
                {
                    new NpgsqlParameter<long> { TypedValue = threshold + 1L },
                    new NpgsqlParameter<string> { TypedValue = qualifiedTable },
                },
            };
            var rows = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? value : -1;
            Interlocked.Exchange(ref _rows, rows);
            Interlocked.Exchange(ref _readAt, TimeProvider.System.GetTimestamp());
        }

        var estimate = Interlocked.Read(ref _rows);
        return estimate >= 0 && estimate <= threshold;
    }

    /// <summary>Forgets the size, so that the next search reads it again.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _readAt, 0);
}
