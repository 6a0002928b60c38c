using System.Runtime.ExceptionServices;

namespace MultimodalSearch.Ingestion;

/// <summary>
/// The stages of one ingestion run: each runs on the thread pool, and the first to fail records its exception
/// and cancels the others, so that none stays blocked on a full or empty queue and the run reports the
/// failure that started it, not the cancellations it caused.
/// </summary>
internal sealed class PipelineStages : IDisposable
{
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _stop;
    private readonly List<Task> _stages = [];
    private ExceptionDispatchInfo? _first;

    public PipelineStages(CancellationToken caller)
    {
        _caller = caller;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(caller);
    }

    /// <summary>Gets the token the stages run under: cancelled by the caller or by the first failure.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Starts a stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The stage's task.</returns>
    public Task Start(Func<Task> stage)
    {
        var task = Task.Run(
            async () =>
            {
                try
                {
                    await stage().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Recorded before cancelling: the cancellations this causes elsewhere come second.
                    if (!_stop.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref _first, ExceptionDispatchInfo.Capture(ex), null);
                    }

                    await _stop.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None);
        _stages.Add(task);
        return task;
    }

    /// <summary>Waits for every stage; throws the first failure, or the cancellation when the caller cancelled.</summary>
    /// <returns>A task that completes when every stage has.</returns>
    public async Task WaitAsync()
    {
        try
        {
            await Task.WhenAll(_stages).ConfigureAwait(false);
        }
        catch when (!_caller.IsCancellationRequested && Volatile.Read(ref _first) is not null)
        {
            _first!.Throw();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();
}
