using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Whether a collection's table is small enough for its searches to scan every row
/// (<see cref="PgVectorStoreOptions.ExactSearchThreshold"/>): the answer is kept for a while and forgotten
/// after this collection's writes.
/// </summary>
internal sealed class PgVectorTableSize(PgVectorTable table)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly string _estimate = PgVectorCollectionSqlBuilder.RowEstimate(table);
    private long _rows = -1;
    private long _readAt;

    /// <summary>Tells whether the table holds at most <see cref="PgVectorTable.ExactSearchThreshold"/> rows.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>True to scan every row.</returns>
    public async Task<bool> IsSmallAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (table.ExactSearchThreshold == 0)
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
                    new NpgsqlParameter<long> { TypedValue = table.ExactSearchThreshold + 1L },
                    new NpgsqlParameter<string> { TypedValue = table.QualifiedName },
                },
            };
            var rows = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? value : -1;
            Interlocked.Exchange(ref _rows, rows);
            Interlocked.Exchange(ref _readAt, TimeProvider.System.GetTimestamp());
        }

        var estimate = Interlocked.Read(ref _rows);
        return estimate >= 0 && estimate <= table.ExactSearchThreshold;
    }

    /// <summary>Forgets the size, so that the next search reads it again.</summary>
    public void Invalidate() => Interlocked.Exchange(ref _readAt, 0);
}
