using System.Diagnostics;

namespace FashionSearch.Console.Bench;

/// <summary>Times an operation after a warm-up; the operation gets the run number (warm-up runs count from 0 too).</summary>
internal static class Timer
{
    public static async Task<Samples> MeasureAsync(Func<int, Task> operation, int warmup, int runs, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(i).ConfigureAwait(false);
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await operation(i).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return new Samples(times);
    }
}
