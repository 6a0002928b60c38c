using Microsoft.Extensions.Logging;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>Builds the data source a store owns when it is given a connection string: pgvector's types mapped, the logs routed.</summary>
internal static class PostgresDataSources
{
    /// <summary>Builds a data source over <paramref name="connectionString"/> with <c>UseVector()</c>.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="loggerFactory">Where Npgsql logs, or null.</param>
    /// <param name="parameterName">The caller's parameter that held the connection string, for the exception.</param>
    /// <returns>The data source; nothing is sent to the server until it is used.</returns>
    /// <exception cref="ArgumentException">The connection string is invalid.</exception>
    public static NpgsqlDataSource Create(string? connectionString, ILoggerFactory? loggerFactory, string parameterName)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is invalid: {ex.Message}", parameterName, ex);
        }

        builder.UseVector();
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }
}
