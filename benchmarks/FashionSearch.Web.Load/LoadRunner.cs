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
    /// <param name="requests">The mix; each client walks the whole list from its own starting point, so that every client sends text and photo requests alike and a faster kind cannot crowd out the slower in the count.</param>
    /// <param name="send">Sends one request; throws on failure.</param>
    /// <param name="onSecond">Called about once a second with the elapsed time (memory sampling).</param>
    /// <returns>What was measured.</returns>
    public static async Task<LoadResult> RunAsync(
        string name, int clients, TimeSpan duration, IReadOnlyList<LoadRequest> requests, Func<LoadRequest, CancellationToken, Task> send, Action<TimeSpan>? onSecond = null)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>();
        // The deadline is read from a clock, not a timer: a timer's callback needs a thread-pool thread, and a starved
        // pool (the very thing a load run may cause) would let the phase run on long past its time.
        var clock = Stopwatch.StartNew();
        bool Stopped() => clock.Elapsed >= duration;
        var sampler = Task.Run(async () =>
        {
            while (!Stopped())
            {
                onSecond?.Invoke(clock.Elapsed);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var i = client * 5; !Stopped(); i++)
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
