namespace MultimodalSearch.Embedded;

/// <summary>What one search did, for benchmarks and tests: how many items each pass scored.</summary>
internal sealed class SearchStatistics
{
    private int _floatScanned;

    /// <summary>Gets the items the int8 scan scored.</summary>
    public int QuantizedScanned { get; internal set; }

    /// <summary>Gets the items the float scan scored (after the int8 scan: its candidates).</summary>
    public int FloatScanned => _floatScanned;

    /// <summary>Gets the items scored exactly.</summary>
    public int Rescored { get; internal set; }

    /// <summary>Counts items the float scan scored, from any thread.</summary>
    /// <param name="count">The count.</param>
    internal void AddFloatScanned(int count) => Interlocked.Add(ref _floatScanned, count);
}
