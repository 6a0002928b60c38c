using System.Diagnostics;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Times operations after a warm-up. Pairs of operations run alternately, so that a noisy neighbour slows both
/// alike, or one block after the other where alternating would make them slow each other down.
/// </summary>
internal static class Timer
{
    public static Task<Samples> MeasureAsync(Func<int, Task> operation, int warmup, int runs, CancellationToken cancellationToken) =>
        MeasureBlockAsync(operation, warmup, runs, cancellationToken);

    /// <summary>Runs <paramref name="ours"/> and <paramref name="baseline"/> alternately; each gets the run number (warm-up runs count from 0 too).</summary>
    public static async Task<(Samples Ours, Samples Baseline)> MeasurePairAsync(Func<int, Task> ours, Func<int, Task> baseline, int warmup, int runs, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmup; i++)
        {
            await ours(i).ConfigureAwait(false);
            await baseline(i).ConfigureAwait(false);
        }

        var a = new double[runs];
        var b = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            a[i] = await TimeAsync(ours, i).ConfigureAwait(false);
            b[i] = await TimeAsync(baseline, i).ConfigureAwait(false);
        }

        return (new Samples(a), new Samples(b));
    }

    /// <summary>
    /// Runs all of <paramref name="ours"/>, then all of <paramref name="baseline"/>. For ONNX Runtime sessions:
    /// a session's thread pool spins for a while after each run, so two sessions run alternately on few cores
    /// would each be timed against the other's spinning threads.
    /// </summary>
    public static async Task<(Samples Ours, Samples Baseline)> MeasureBlocksAsync(Func<int, Task> ours, Func<int, Task> baseline, int warmup, int runs, CancellationToken cancellationToken)
    {
        var a = await MeasureBlockAsync(ours, warmup, runs, cancellationToken).ConfigureAwait(false);
        var b = await MeasureBlockAsync(baseline, warmup, runs, cancellationToken).ConfigureAwait(false);
        return (a, b);
    }

    private static async Task<Samples> MeasureBlockAsync(Func<int, Task> operation, int warmup, int runs, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(i).ConfigureAwait(false);
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            times[i] = await TimeAsync(operation, i).ConfigureAwait(false);
        }

        return new Samples(times);
    }

    private static async Task<double> TimeAsync(Func<int, Task> operation, int run)
    {
        var started = Stopwatch.GetTimestamp();
        await operation(run).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
