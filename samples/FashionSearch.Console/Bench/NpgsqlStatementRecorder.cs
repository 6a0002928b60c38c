using System.Diagnostics;
using Npgsql;
using Pgvector.Npgsql;

namespace FashionSearch.Console.Bench;

/// <summary>
/// A data source that records what is sent through it, using Npgsql's tracing filters (which see each command
/// and batch, parameters included, as it starts). Recording listens to Npgsql's activity source only while it runs,
/// so other data sources are not slowed afterwards.
/// </summary>
internal sealed class NpgsqlStatementRecorder : IAsyncDisposable
{
    private readonly List<IReadOnlyList<RecordedStatement>> _calls = [];
    private readonly Lock _gate = new();
    private bool _recording;

    public NpgsqlStatementRecorder(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(command =>
            {
                Record([new RecordedStatement(command.CommandText, Copy(command.Parameters))]);
                return false;
            })
            .ConfigureBatchFilter(batch =>
            {
                Record([.. batch.BatchCommands.Select(static (NpgsqlBatchCommand c) => new RecordedStatement(c.CommandText, Copy(c.Parameters)))]);
                return false;
            }));
        DataSource = builder.Build();
    }

    /// <summary>Gets the data source to hand to the store whose statements are recorded.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Records every statement sent through <see cref="DataSource"/> while <paramref name="operation"/> runs.</summary>
    public async Task<RecordedStatements> RecordAsync(Func<Task> operation)
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = static (ref _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        lock (_gate)
        {
            _calls.Clear();
            _recording = true;
        }

        try
        {
            await operation().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _recording = false;
            }
        }

        lock (_gate)
        {
            return new RecordedStatements([.. _calls]);
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static NpgsqlParameter[] Copy(NpgsqlParameterCollection parameters) => [.. parameters.Select(p => p.Clone())];

    private void Record(RecordedStatement[] call)
    {
        lock (_gate)
        {
            if (_recording)
            {
                _calls.Add(call);
            }
        }
    }
}
