using MultimodalSearch.Blip2.Onnx;

namespace MultimodalSearch.Blip2.Tests.Onnx;

/// <summary>The gate that model calls go through: bounded concurrency, on threads of its own, callers waiting asynchronously.</summary>
public sealed class InferenceGateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Many_concurrent_callers_never_run_more_calls_at_once_than_the_gate_allows(int maxConcurrent)
    {
        using var gate = new InferenceGate(maxConcurrent, "test");
        var running = 0;
        var peak = 0;
        var onPool = 0;

        int Call(int i)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                Interlocked.Increment(ref onPool);
            }

            // Blocks its thread as a model call does.
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(() => gate.RunAsync(() => Call(i), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(0, 48), results);
        Assert.InRange(peak, 1, maxConcurrent);
        Assert.Equal(peak, gate.PeakConcurrent);
        Assert.Equal(0, onPool);
    }

    [Fact]
    public async Task A_call_cancelled_while_it_waits_never_runs()
    {
        using var gate = new InferenceGate(1, "test");
        using var release = new ManualResetEventSlim();
        var blocker = gate.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var ran = false;

        var waiting = gate.RunAsync(() => ran = true, cancellation.Token);
        await cancellation.CancelAsync();
        release.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(await blocker);
        Assert.Equal(42, await gate.RunAsync(() => 42, CancellationToken.None));
        Assert.False(ran);
    }

    [Fact]
    public async Task A_failing_call_fails_its_caller_only()
    {
        using var gate = new InferenceGate(1, "test");

        var error = await Assert.ThrowsAsync<EmbeddingModelException>(() => gate.RunAsync<int>(() => throw new EmbeddingModelException("broken"), CancellationToken.None));

        Assert.Equal("broken", error.Message);
        Assert.Equal(7, await gate.RunAsync(() => 7, CancellationToken.None));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless_and_calls_after_it_are_refused()
    {
        var gate = new InferenceGate(2, "test");
        Assert.Equal(1, await gate.RunAsync(() => 1, CancellationToken.None));

        gate.Dispose();
        gate.Dispose();

        Assert.Throws<ObjectDisposedException>(() => { _ = gate.RunAsync(() => 2, CancellationToken.None); });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
