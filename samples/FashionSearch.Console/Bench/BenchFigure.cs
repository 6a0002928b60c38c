namespace FashionSearch.Console.Bench;

/// <summary>
/// One figure of <c>bench</c>: what this setup measures (p50 as the value for latencies, items per second at the
/// median run for rates, p99 beside it). Comparisons with baselines are the BenchmarkDotNet suites' job
/// (benchmarks/MultimodalSearch.Benchmarks), so that no figure is measured two ways.
/// </summary>
internal sealed record BenchFigure(string Id, string What, string Unit)
{
    public string Status { get; init; } = "ok";

    public string? Reason { get; init; }

    public double? Value { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public int? Runs { get; init; }

    /// <summary>A latency in ms: the p50 as the value, the p99 beside it.</summary>
    public static BenchFigure Latency(string id, string what, Samples samples) => new(id, what, "ms")
    {
        Value = samples.P50,
        P50Ms = samples.P50,
        P99Ms = samples.P99,
        Runs = samples.Count,
    };

    /// <summary>A rate: <paramref name="itemsPerRun"/> per run, per second at the median run.</summary>
    public static BenchFigure Rate(string id, string what, string unit, int itemsPerRun, Samples samples) => new(id, what, unit)
    {
        Value = itemsPerRun * 1000 / samples.P50,
        P50Ms = samples.P50,
        P99Ms = samples.P99,
        Runs = samples.Count,
    };

    public static BenchFigure Skipped(string id, string what, string unit, string reason) => new(id, what, unit) { Status = "skipped", Reason = reason };
}
