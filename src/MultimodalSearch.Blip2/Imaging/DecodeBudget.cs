namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// The pixels that image decodes may hold in memory at once, shared by every caller of one embedder (the
/// ingestion's readers and concurrent requests alike) and, when both come from one container, by the thumbnailer.
/// A decode takes its share before it allocates and waits asynchronously, in arrival order, while the budget is
/// spent; a decode that needs more than the whole budget is refused.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class DecodeBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = [];
    private long _available;
    private long _peak;

    /// <summary>Creates a budget.</summary>
    /// <param name="pixels">The pixels decodes may hold at once.</param>
    public DecodeBudget(long pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 1);
        Capacity = pixels;
        _available = pixels;
    }

    /// <summary>Gets the pixels decodes may hold at once.</summary>
    public long Capacity { get; }

    /// <summary>Creates the budget that <paramref name="options"/> configure.</summary>
    /// <param name="options">The decoding options.</param>
    /// <returns><see cref="ImagePreprocessorOptions.DecodeBudgetPixels"/>, or twice the pixel limit when that is 0.</returns>
    public static DecodeBudget For(ImagePreprocessorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DecodeBudget(options.DecodeBudgetPixels > 0 ? options.DecodeBudgetPixels : 2 * Math.Min(Math.Max(options.MaxPixels, 1), long.MaxValue / 2));
    }

    /// <summary>Gets the most pixels held at once so far.</summary>
    public long PeakInUse
    {
        get
        {
            lock (_lock)
            {
                return _peak;
            }
        }
    }

    /// <summary>Waits until <paramref name="pixels"/> are free and takes them.</summary>
    /// <param name="pixels">The pixels the decode holds (at least 1).</param>
    /// <param name="imageName">The image's name, for the error.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The share; dispose it when the decode is done.</returns>
    /// <exception cref="InvalidImageException">The decode needs more than the whole budget.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public ValueTask<Share> AcquireAsync(long pixels, string imageName, CancellationToken cancellationToken)
    {
        pixels = Math.Max(pixels, 1);
        if (pixels > Capacity)
        {
            throw new InvalidImageException(
                imageName,
                $"decoding it needs {pixels:N0} pixels of memory at once, more than the whole decode budget of {Capacity:N0} (Blip2EmbedderOptions.Image.DecodeBudgetPixels)");
        }

        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= pixels)
            {
                Take(pixels);
                return ValueTask.FromResult(new Share(this, pixels));
            }

            waiter = new Waiter(pixels);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private async ValueTask<Share> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(static state => ((DecodeBudget)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1]), new object[] { this, waiter }).ConfigureAwait(false))
        {
            try
            {
                await waiter.Granted.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The wait for decode memory was cancelled.", cancellationToken);
            }
        }

        return new Share(this, waiter.Pixels);
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                // Granted already: the caller gets the share and gives it back.
                return;
            }

            _waiters.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Granted.TrySetCanceled();

        // A large waiter leaving the head of the queue may let smaller ones behind it through.
        Release(0);
    }

    private void Release(long pixels)
    {
        List<Waiter>? granted = null;
        lock (_lock)
        {
            _available += pixels;
            while (_waiters.First is { } first && first.Value.Pixels <= _available)
            {
                _waiters.RemoveFirst();
                first.Value.Node = null;
                Take(first.Value.Pixels);
                (granted ??= []).Add(first.Value);
            }
        }

        // Completed outside the lock: the waiters' continuations run on the thread pool.
        foreach (var waiter in granted ?? [])
        {
            waiter.Granted.TrySetResult();
        }
    }

    private void Take(long pixels)
    {
        _available -= pixels;
        _peak = Math.Max(_peak, Capacity - _available);
    }

    /// <summary>A decode's share of the budget.</summary>
    internal readonly struct Share(DecodeBudget budget, long pixels) : IDisposable
    {
        /// <summary>Gets the pixels held.</summary>
        public long Pixels => pixels;

        /// <summary>Gives the pixels back.</summary>
        public void Dispose() => budget?.Release(pixels);
    }

    private sealed class Waiter(long pixels)
    {
        public long Pixels { get; } = pixels;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
