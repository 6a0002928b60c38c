using System.Globalization;

namespace FashionSearch.Web.Load;

/// <summary>What one load phase measured.</summary>
/// <param name="Name">The phase.</param>
/// <param name="Elapsed">How long it ran.</param>
/// <param name="LatenciesMs">Every successful request's latency.</param>
/// <param name="Errors">Requests that failed, by reason.</param>
internal sealed record LoadResult(string Name, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, IReadOnlyDictionary<string, int> Errors)
{
    /// <summary>Gets the CPU time the phase used: the app's and the load generator's (which in process is the workflow's).</summary>
    public TimeSpan CpuTime { get; init; }

    /// <summary>Gets the part of <see cref="CpuTime"/> that the app's process used (zero in process).</summary>
    public TimeSpan AppCpuTime { get; init; }

    /// <summary>Gets the CPU milliseconds per successful request.</summary>
    public double CpuMsPerRequest => LatenciesMs.Count == 0 ? double.NaN : CpuTime.TotalMilliseconds / LatenciesMs.Count;

    /// <summary>Gets the successful requests per second.</summary>
    public double RequestsPerSecond => LatenciesMs.Count / Elapsed.TotalSeconds;

    /// <summary>Gets the error count.</summary>
    public int ErrorCount => Errors.Values.Sum();

    /// <summary>Gets a latency percentile.</summary>
    /// <param name="p">The percentile, 0..100.</param>
    /// <returns>The latency in milliseconds.</returns>
    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    /// <summary>Gets the mean latency.</summary>
    public double MeanMs => LatenciesMs.Count == 0 ? double.NaN : LatenciesMs.Average();

    /// <summary>Adds up several runs of one kind.</summary>
    /// <param name="name">The combined name.</param>
    /// <param name="results">The runs.</param>
    /// <returns>One result over all of them.</returns>
    public static LoadResult Combine(string name, IReadOnlyList<LoadResult> results) => new(
        name,
        TimeSpan.FromTicks(results.Sum(r => r.Elapsed.Ticks)),
        [.. results.SelectMany(r => r.LatenciesMs)],
        results.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)))
    {
        CpuTime = TimeSpan.FromTicks(results.Sum(r => r.CpuTime.Ticks)),
        AppCpuTime = TimeSpan.FromTicks(results.Sum(r => r.AppCpuTime.Ticks)),
    };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {LatenciesMs.Count} ok in {Elapsed.TotalSeconds:F1} s = {RequestsPerSecond:F1} req/s, p50 {Percentile(50):F1} ms, p99 {Percentile(99):F1} ms, max {Percentile(100):F1} ms, mean {MeanMs:F1} ms{(CpuTime > TimeSpan.Zero ? $", CPU {CpuMsPerRequest:F1} ms/request" : "")}, errors {ErrorCount}{(ErrorCount > 0 ? " (" + string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}")) + ")" : "")}");
}
