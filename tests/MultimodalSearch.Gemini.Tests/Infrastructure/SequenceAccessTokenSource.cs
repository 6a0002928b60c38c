namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>
/// A token source that hands out "token-1" until asked to refresh, then "token-2", "token-3"...; it counts
/// refreshes so tests can check the client refreshes exactly once on a 401.
/// </summary>
public sealed class SequenceAccessTokenSource : IGeminiAccessTokenSource
{
    private int _generation = 1;
    private int _refreshes;

    public int Refreshes => Volatile.Read(ref _refreshes);

    public string Current => $"token-{Volatile.Read(ref _generation)}";

    public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (forceRefresh)
        {
            Interlocked.Increment(ref _refreshes);
            Interlocked.Increment(ref _generation);
        }

        return ValueTask.FromResult(Current);
    }
}
