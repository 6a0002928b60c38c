using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MultimodalSearch.Testing.Telemetry;

/// <summary>
/// Records every measurement of the instruments of one meter, as an OpenTelemetry exporter would see them
/// (instrument name, unit, kind, value, tags). Other tests may run in parallel, so assert on measurements
/// that carry this test's own tag values, or that exist at all, never on totals; or count only the measurements made in
/// the test's own async flow (<see cref="OnlyThisFlow"/>).
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private static readonly AsyncLocal<MetricRecorder?> FlowOwner = new();
    private volatile bool _onlyOwnFlow;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    /// <summary>Starts recording the meter named <paramref name="meterName"/>.</summary>
    /// <param name="meterName">The meter's name.</param>
    public MetricRecorder(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>
    /// From now on records only the measurements made in the caller's async flow (what it awaits, and the tasks it
    /// starts), not those of tests running at the same time in other flows: the listener sees the whole process. Call it
    /// at the start of the test method itself (an async local set in a constructor does not reach the test).
    /// </summary>
    /// <returns>A scope that records every flow again when disposed.</returns>
    public IDisposable OnlyThisFlow()
    {
        FlowOwner.Value = this;
        _onlyOwnFlow = true;
        return new FlowScope(this);
    }

    /// <summary>Gets the measurements so far.</summary>
    public IReadOnlyList<RecordedMeasurement> Measurements => [.. _measurements];

    /// <summary>Gets the measurements of the instrument named <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument's name.</param>
    /// <param name="tags">Tag names and values, each "name=value".</param>
    /// <returns>The matching measurements.</returns>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument, params string[] tags) =>
        [.. _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.HasTag(t)))];

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_onlyOwnFlow && !ReferenceEquals(FlowOwner.Value, this))
        {
            return;
        }

        _measurements.Enqueue(new RecordedMeasurement(instrument.Name, instrument.Unit, instrument.GetType().Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
    }

    private sealed class FlowScope(MetricRecorder recorder) : IDisposable
    {
        public void Dispose()
        {
            recorder._onlyOwnFlow = false;
            if (ReferenceEquals(FlowOwner.Value, recorder))
            {
                FlowOwner.Value = null;
            }
        }
    }
}
