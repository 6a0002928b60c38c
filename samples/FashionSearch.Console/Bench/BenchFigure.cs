namespace FashionSearch.Console.Bench;

/// <summary>
/// One figure of <c>bench</c>: our value and an in-run baseline, with their ratio expressed in time
/// (ours / baseline for milliseconds, baseline / ours for rates), so 1.0 means as fast as the baseline
/// and 1.25 means 25% slower.
/// </summary>
internal sealed record BenchFigure(string Id, string What, string Unit)
{
    public string Status { get; init; } = "ok";

    public string? Reason { get; init; }

    public double? Value { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public int? Runs { get; init; }

    public BenchBaseline? Baseline { get; init; }

    public double? Ratio { get; init; }

    /// <summary>A published figure to compare with, not measured in this run.</summary>
    public BenchBaseline? Reference { get; init; }

    /// <summary>A latency in ms (p50 as the value, p99 beside it) against the baseline's p50.</summary>
    public static BenchFigure Latency(string id, string what, Samples ours, string baselineWhat, Samples baseline) => new(id, what, "ms")
    {
        Value = ours.P50,
        P50Ms = ours.P50,
        P99Ms = ours.P99,
        Runs = ours.Count,
        Baseline = new BenchBaseline(baselineWhat, baseline.P50),
        Ratio = ours.P50 / baseline.P50,
    };

    /// <summary>A rate (<paramref name="itemsPerRun"/> per run, per second at the median run) against the baseline's.</summary>
    public static BenchFigure Rate(string id, string what, string unit, int itemsPerRun, Samples ours, string baselineWhat, Samples baseline) => new(id, what, unit)
    {
        Value = itemsPerRun * 1000 / ours.P50,
        P50Ms = ours.P50,
        P99Ms = ours.P99,
        Runs = ours.Count,
        Baseline = new BenchBaseline(baselineWhat, itemsPerRun * 1000 / baseline.P50),
        Ratio = ours.P50 / baseline.P50,
    };

    public static BenchFigure Skipped(string id, string what, string unit, string reason) => new(id, what, unit) { Status = "skipped", Reason = reason };
}
