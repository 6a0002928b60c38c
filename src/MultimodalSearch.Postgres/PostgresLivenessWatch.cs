using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Bounds the silence of a long statement rather than its length: while a statement that scales with a batch or
/// the catalog runs (a copy, a merge, an index build), checks every half limit on a second connection that the
/// server still answers (<c>SELECT 1</c>), and cancels the statement when it has not answered for the limit (the
/// data source's command timeout). A long index build on a live server goes on; a frozen server (its processes
/// stopped, its sockets open) fails the statement within about 1.5 times the limit plus the cancellation's wait.
/// </summary>
/// <remarks>
/// The checks start only after half the limit, so short statements cost nothing. Each takes a pooled connection of
/// the data source for its duration: a store whose bulk statements are watched needs a pool of at least two.
/// </remarks>
/// <param name="dataSource">The data source the statement's connection came from; checks use it too.</param>
/// <param name="server">Host, port and database, for the logs.</param>
/// <param name="logger">Where to log.</param>
internal sealed class PostgresLivenessWatch(NpgsqlDataSource dataSource, string server, ILogger logger)
{
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the longest silence allowed: the data source's command timeout; zero when it has none (nothing is watched).</summary>
    public TimeSpan Limit { get; } = TimeSpan.FromSeconds(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout);

    /// <summary>Runs <paramref name="work"/>, cancelling it when the server stops answering for <see cref="Limit"/>.</summary>
    /// <param name="statement">What runs, for messages (for example "the HNSW index build").</param>
    /// <param name="work">The statement; it must honour the token it is given.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes with the work.</returns>
    /// <exception cref="NpgsqlException">The server stopped answering (a <see cref="PostgresSilenceException"/> inside), or the work failed.</exception>
    public async Task RunAsync(string statement, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (Limit <= TimeSpan.Zero)
        {
            await work(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var finished = new CancellationTokenSource();
        var watch = new Watch(statement);
        var watching = WatchAsync(watch, stop, finished.Token);
        try
        {
            await work(stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (watch.Silence is { } silence && !cancellationToken.IsCancellationRequested)
        {
            throw new NpgsqlException(
                $"PostgreSQL stopped answering for {silence.TotalSeconds:F0} s while {statement} ran.",
                new PostgresSilenceException(statement, silence, ex));
        }
        finally
        {
            await finished.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }
    }

    /// <summary>Checks the server every half limit until the work ends; cancels <paramref name="stop"/> once it has been silent for the limit.</summary>
    private async Task WatchAsync(Watch watch, CancellationTokenSource stop, CancellationToken finished)
    {
        var period = Limit / 2 < MinimumPeriod ? MinimumPeriod : Limit / 2;
        var started = Stopwatch.GetTimestamp();
        var lastAnswer = started;
        try
        {
            while (true)
            {
                await Task.Delay(period, finished).ConfigureAwait(false);
                var answered = await AnswersAsync(finished).ConfigureAwait(false);
                if (answered)
                {
                    lastAnswer = Stopwatch.GetTimestamp();
                    PgVectorLog.StillAnswering(logger, watch.Statement, Stopwatch.GetElapsedTime(started), server);
                    continue;
                }

                var silence = Stopwatch.GetElapsedTime(lastAnswer);
                if (silence >= Limit && !finished.IsCancellationRequested)
                {
                    PgVectorLog.StoppedAnswering(logger, server, silence, watch.Statement);
                    watch.Silence = silence;
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (finished.IsCancellationRequested)
        {
            // The work ended.
        }
    }

    /// <summary>Whether the server answers a trivial query on another connection within the limit; an error it reports counts as an answer.</summary>
    private async Task<bool> AnswersAsync(CancellationToken finished)
    {
        var probeCancel = CancellationTokenSource.CreateLinkedTokenSource(finished);
        var probe = ProbeAsync(probeCancel.Token);
        try
        {
            // Not trusting the driver's own timeouts: a connection that hangs past the limit is silence too.
            await probe.WaitAsync(Limit, finished).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException)
        {
            // The server answered, with an error (too many connections, for example): it is alive.
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !finished.IsCancellationRequested)
        {
            // No answer: a timeout, a refused or reset connection, a pool with no free connection for the limit.
            return false;
        }
        finally
        {
            if (probe.IsCompleted)
            {
                probeCancel.Dispose();
            }
            else
            {
                // Left to end on its own (the driver bounds it); observed so that its failure is not unobserved.
                await probeCancel.CancelAsync().ConfigureAwait(false);
                _ = probe.ContinueWith(
                    (ended, state) =>
                    {
                        _ = ended.Exception;
                        ((CancellationTokenSource)state!).Dispose();
                    },
                    probeCancel,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await PgVectorCommands.ScalarAsync<int>(connection, PostgresStatements.Ping, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One watched statement.</summary>
    private sealed class Watch(string statement)
    {
        private long _silenceTicks = -1;

        public string Statement => statement;

        /// <summary>Gets or sets how long the server was silent when the watch gave up on it; null while it answers.</summary>
        public TimeSpan? Silence
        {
            get => Interlocked.Read(ref _silenceTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;
            set => Interlocked.Exchange(ref _silenceTicks, value?.Ticks ?? -1);
        }
    }
}
