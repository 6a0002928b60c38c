using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>Small helpers that run statements on an open connection.</summary>
internal static class PgVectorCommands
{
    /// <summary>Runs parameterless statements in one round trip.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="statements">The statements.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when all have run.</returns>
    public static Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, statements, timeout: null, cancellationToken);

    /// <summary>Runs parameterless statements in one round trip, with a time limit of their own.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="statements">The statements.</param>
    /// <param name="timeout">The time limit (zero for none), or null for the connection's command timeout.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when all have run.</returns>
    public static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<string> statements, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            if (timeout is { } limit)
            {
                batch.Timeout = (int)Math.Ceiling(limit.TotalSeconds);
            }

            foreach (var statement in statements)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one statement with positional parameters and returns the number of rows it affected.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="parameters">The values of $1, $2, ...</param>
    /// <returns>The rows affected.</returns>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var command = Create(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one statement with positional parameters and returns the first column of the first row.</summary>
    /// <typeparam name="T">The column's type.</typeparam>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="parameters">The values of $1, $2, ...</param>
    /// <returns>The value, or default when there is no row or it is null.</returns>
    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var command = Create(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? default : (T)value;
        }
    }

    /// <summary>Creates a command with positional parameters.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">The values of $1, $2, ...</param>
    /// <returns>The command.</returns>
    public static NpgsqlCommand Create(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
