using System.Diagnostics.Metrics;
using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Tests.Telemetry;

/// <summary>The test recorder's flow scoping, which the telemetry tests that count measurements rely on.</summary>
public sealed class MetricRecorderTests
{
    [Fact]
    public async Task Only_this_flow_keeps_the_measurements_of_the_callers_flow_and_the_tasks_it_starts_and_drops_other_flows()
    {
        var meterName = "test.recorder." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("work");
        using var recorder = new MetricRecorder(meterName);

        counter.Add(1, new KeyValuePair<string, object?>("from", "before"));
        using (recorder.OnlyThisFlow())
        {
            counter.Add(1, new KeyValuePair<string, object?>("from", "own"));
            await Task.Run(() => counter.Add(1, new KeyValuePair<string, object?>("from", "own task")));
            Task other;
            using (ExecutionContext.SuppressFlow())
            {
                other = Task.Run(() => counter.Add(1, new KeyValuePair<string, object?>("from", "other flow")));
            }

            await other;
        }

        counter.Add(1, new KeyValuePair<string, object?>("from", "after"));

        Assert.Equal(["before", "own", "own task", "after"], recorder.Of("work").Select(m => m.Tags["from"]));
    }
}
