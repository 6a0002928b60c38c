using Microsoft.Extensions.Logging;
using Npgsql;
using Pgvector.Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>Builds the data source a store owns when it is given a connection string: pgvector's types mapped, the logs routed.</summary>
internal static class PostgresDataSources
{
    // Npgsql takes at most 1024 seconds for opening a connection.
    private const int MaxConnectTimeoutSeconds = 1024;
    private const int MaxCancellationWaitMilliseconds = 2000;
    private const int KeepAliveIdleSeconds = 30;
    private const int KeepAliveIntervalSeconds = 10;

    /// <summary>Builds a data source over <paramref name="connectionString"/> with <c>UseVector()</c>.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="loggerFactory">Where Npgsql logs, or null.</param>
    /// <param name="parameterName">The caller's parameter that held the connection string, for the exception.</param>
    /// <param name="commandTimeout">
    /// The time limit of statements, which replaces the connection string's <c>Command Timeout</c> and caps its
    /// <c>Timeout</c> (opening a connection) and <c>Cancellation Timeout</c>; null keeps the connection string's.
    /// </param>
    /// <returns>The data source; nothing is sent to the server until it is used.</returns>
    /// <exception cref="ArgumentException">The connection string is invalid.</exception>
    public static NpgsqlDataSource Create(string? connectionString, ILoggerFactory? loggerFactory, string parameterName, TimeSpan? commandTimeout = null)
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

        if (commandTimeout is { } limit)
        {
            Bound(builder.ConnectionStringBuilder, limit);
        }

        builder.UseVector();
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    /// <summary>
    /// Bounds how long a call can wait on a server that stopped answering with its socket still open (a frozen
    /// process, a stalled host): each statement by <paramref name="limit"/>, the connection's opening by no more,
    /// the cancellation that follows a timeout by at most 2 seconds (Npgsql then breaks the connection), and TCP
    /// keepalive probes so that a vanished peer is noticed on idle pooled connections.
    /// </summary>
    private static void Bound(NpgsqlConnectionStringBuilder settings, TimeSpan limit)
    {
        var seconds = (int)Math.Ceiling(limit.TotalSeconds);
        settings.CommandTimeout = seconds;
        settings.Timeout = Math.Min(settings.Timeout, Math.Min(seconds, MaxConnectTimeoutSeconds));
        var cancellationWait = (int)Math.Min(limit.TotalMilliseconds, MaxCancellationWaitMilliseconds);
        if (settings.CancellationTimeout == 0 || settings.CancellationTimeout > cancellationWait)
        {
            settings.CancellationTimeout = cancellationWait;
        }

        settings.TcpKeepAlive = true;
        if (settings.TcpKeepAliveTime == 0)
        {
            settings.TcpKeepAliveTime = KeepAliveIdleSeconds;
            settings.TcpKeepAliveInterval = KeepAliveIntervalSeconds;
        }
    }
}
