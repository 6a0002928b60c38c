using System.Collections.Concurrent;
using System.Diagnostics;

namespace FashionSearch.Web.Load;

/// <summary>Runs concurrent clients, each sending requests of the mix one after another, for a fixed time.</summary>
internal static class LoadRunner
{
    /// <summary>Runs one phase.</summary>
    /// <param name="name">The phase's name.</param>
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="duration">How long.</param>
    /// <param name="requests">The mix; client c sends requests c, c + clients, ... round the list.</param>
    /// <param name="send">Sends one request; throws on failure.</param>
    /// <param name="onSecond">Called about once a second with the elapsed time (memory sampling).</param>
    /// <returns>What was measured.</returns>
    public static async Task<LoadResult> RunAsync(
        string name, int clients, TimeSpan duration, IReadOnlyList<LoadRequest> requests, Func<LoadRequest, CancellationToken, Task> send, Action<TimeSpan>? onSecond = null)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                onSecond?.Invoke(clock.Elapsed);
                try
                {
                    await Task.Delay(1000, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; !stop.IsCancellationRequested; i += clients)
            {
                var request = requests[i % requests.Count];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await send(request, CancellationToken.None);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception ex)
                {
                    errors.AddOrUpdate(ex.GetType().Name + ": " + ex.Message[..Math.Min(120, ex.Message.Length)], 1, (_, n) => n + 1);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        await sampler;
        return new LoadResult(name, elapsed, [.. latencies], errors);
    }
}
