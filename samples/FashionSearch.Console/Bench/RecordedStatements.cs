using Npgsql;

namespace FashionSearch.Console.Bench;

/// <summary>
/// The statements a store sent to PostgreSQL for one operation, with their parameter values, replayed directly
/// through Npgsql: the same SQL and the same rows, without the library around it.
/// </summary>
internal sealed class RecordedStatements(IReadOnlyList<IReadOnlyList<RecordedStatement>> calls)
{
    public int Count => calls.Sum(c => c.Count);

    /// <summary>Runs every recorded call, in order, on one connection of <paramref name="dataSource"/>, reading every value of every row.</summary>
    public async Task ReplayAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var call in calls)
            {
                var batch = new NpgsqlBatch(connection);
                await using (batch.ConfigureAwait(false))
                {
                    foreach (var statement in call)
                    {
                        var command = new NpgsqlBatchCommand(statement.Sql);
                        foreach (var parameter in statement.Parameters)
                        {
                            command.Parameters.Add(parameter.Clone());
                        }

                        batch.BatchCommands.Add(command);
                    }

                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        do
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                for (var i = 0; i < reader.FieldCount; i++)
                                {
                                    _ = reader.GetValue(i);
                                }
                            }
                        }
                        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }
    }
}

/// <summary>One SQL statement and copies of its parameters.</summary>
internal sealed record RecordedStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
