namespace MultimodalSearch.Testing.Telemetry;

/// <summary>One measurement seen by <see cref="MetricRecorder"/>.</summary>
/// <param name="Instrument">The instrument's name.</param>
/// <param name="Unit">The instrument's unit.</param>
/// <param name="Kind">The instrument's type name, such as <c>Histogram`1</c> or <c>Counter`1</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Tags">The tags, values as text.</param>
public sealed record RecordedMeasurement(string Instrument, string? Unit, string Kind, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    /// <summary>Tells whether the measurement carries a tag.</summary>
    /// <param name="tag">"name=value", or "name" for any value, or "!name" for a tag that must be absent.</param>
    /// <returns>Whether it matches.</returns>
    public bool HasTag(string tag)
    {
        if (tag.StartsWith('!'))
        {
            return !Tags.ContainsKey(tag[1..]);
        }

        var equals = tag.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? Tags.ContainsKey(tag) : Tags.TryGetValue(tag[..equals], out var value) && value == tag[(equals + 1)..];
    }
}
