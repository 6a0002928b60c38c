namespace FashionSearch.Console.Bench;

/// <summary>Timings of repeated runs of one operation, in milliseconds, sorted.</summary>
internal sealed class Samples
{
    private readonly double[] _sorted;

    public Samples(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("No timings were taken.", nameof(milliseconds));
        }
    }

    public int Count => _sorted.Length;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    /// <summary>The nearest-rank percentile: the smallest timing that at least <paramref name="fraction"/> of the runs did not exceed.</summary>
    public double Percentile(double fraction) => _sorted[Math.Clamp((int)Math.Ceiling(fraction * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
