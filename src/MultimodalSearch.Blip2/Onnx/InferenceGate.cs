using System.Collections.Concurrent;

namespace MultimodalSearch.Blip2.Onnx;

/// <summary>
/// Runs model calls on a fixed set of dedicated threads, so that at most that many run at once and none of them
/// holds a thread-pool thread: callers wait asynchronously in a queue. A model call blocks its thread for its whole
/// length (milliseconds to seconds); run on the thread pool, a few concurrent ones leave no thread for the
/// application's I/O (on 2 cores, 12 concurrent callers stalled photo requests for 8-13 s), and more threads than
/// cores only share the same cores. Queueing makes latency grow with the load instead.
/// </summary>
/// <remarks>Thread-safe. Calls run in the order they arrive; a call cancelled while it waits never runs.</remarks>
internal sealed class InferenceGate : IDisposable
{
    private readonly BlockingCollection<IWorkItem> _queue = [];
    private readonly Thread[] _threads;
    private int _running;
    private int _peak;
    private int _disposed;

    /// <summary>Starts the gate's threads.</summary>
    /// <param name="maxConcurrent">How many model calls may run at once (the number of threads).</param>
    /// <param name="name">The threads' name, for debuggers and profilers.</param>
    public InferenceGate(int maxConcurrent, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
        _threads = new Thread[maxConcurrent];
        for (var i = 0; i < maxConcurrent; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{name} {i + 1}" };
            _threads[i].Start();
        }
    }

    private interface IWorkItem
    {
        void Run(InferenceGate gate);
    }

    /// <summary>Gets how many model calls may run at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Gets the most model calls that have run at once so far.</summary>
    public int PeakConcurrent => Volatile.Read(ref _peak);

    /// <summary>Queues <paramref name="call"/> and waits (asynchronously) for it to run on one of the gate's threads.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">The blocking model call.</param>
    /// <param name="cancellationToken">Cancels the wait; the call itself sees the token through its own closure.</param>
    /// <returns>The call's result.</returns>
    /// <exception cref="OperationCanceledException">The wait was cancelled before the call started.</exception>
    /// <exception cref="ObjectDisposedException">The gate was disposed.</exception>
    public Task<T> RunAsync<T>(Func<T> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new WorkItem<T>(call, cancellationToken);
        _queue.Add(item, CancellationToken.None);
        return item.Task;
    }

    /// <summary>Stops the threads once the queued calls are done; later calls do nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            if (thread != Thread.CurrentThread)
            {
                thread.Join();
            }
        }

        _queue.Dispose();
    }

    private void Work()
    {
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item.Run(this);
        }
    }

    private void Enter()
    {
        var running = Interlocked.Increment(ref _running);
        int peak;
        while (running > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, peak) != peak)
        {
        }
    }

    private void Exit() => Interlocked.Decrement(ref _running);

    private sealed class WorkItem<T> : IWorkItem
    {
        private readonly Func<T> _call;

        // Continuations run on the thread pool, never on the gate's threads, which are kept for model calls.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        // The caller's context (its Activity, for traces) goes with the call to the gate's thread.
        private readonly ExecutionContext? _context = ExecutionContext.Capture();

        public WorkItem(Func<T> call, CancellationToken cancellationToken)
        {
            _call = call;
            _registration = cancellationToken.Register(
                static (state, token) => ((TaskCompletionSource<T>)state!).TrySetCanceled(token), _completion);
        }

        public Task<T> Task => _completion.Task;

        public void Run(InferenceGate gate)
        {
            _registration.Dispose();
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            gate.Enter();
            try
            {
                if (_context is null)
                {
                    _completion.TrySetResult(_call());
                }
                else
                {
                    ExecutionContext.Run(_context, static state => ((WorkItem<T>)state!).Complete(), this);
                }
            }
            catch (OperationCanceledException ex)
            {
                _completion.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
            finally
            {
                gate.Exit();
            }
        }

        private void Complete() => _completion.TrySetResult(_call());
    }
}
