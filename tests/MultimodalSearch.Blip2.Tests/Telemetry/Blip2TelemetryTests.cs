using MultimodalSearch.Testing;
using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Blip2.Tests.Telemetry;

/// <summary>The package's log event ids, and its inference instruments seen while the real tiny model runs on ONNX Runtime.</summary>
[Collection(Blip2Collection.Name)]
public sealed class Blip2TelemetryTests(Blip2EmbedderFixture models)
{
    [Fact]
    public void Every_log_event_has_a_unique_id_in_the_packages_range()
    {
        Assert.Empty(LogEventIds.Problems(typeof(Blip2Telemetry).Assembly, new Dictionary<string, (int, int)> { ["Blip2Log"] = (1600, 1699) }));
    }

    [Fact]
    public async Task Each_graph_run_records_its_inference_time_and_inputs_by_modality()
    {
        using var metrics = new MetricRecorder(Blip2Telemetry.MeterName);

        await models.Tiny.EmbedTextsAsync(["a black t-shirt", "red shoes", "a green jacket"]);
        await models.Tiny.EmbedImageAsync(ImageInput.FromFile(Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories)[0]));

        foreach (var modality in new[] { "text", "image" })
        {
            // Other tests embed in parallel: any successful run of this modality will do.
            var durations = metrics.Of("multimodal_search.model.inference.duration", "multimodal_search.model.modality=" + modality, "!error.type");
            Assert.NotEmpty(durations);
            Assert.All(durations, d => Assert.Equal(("s", "Histogram`1"), (d.Unit, d.Kind)));
            Assert.All(durations, d => Assert.True(d.Value > 0));
        }

        Assert.Contains(metrics.Of("multimodal_search.model.inference.inputs", "multimodal_search.model.modality=text"), m => m is { Value: 3, Unit: "{input}", Kind: "Counter`1" });
        Assert.Contains(metrics.Of("multimodal_search.model.inference.inputs", "multimodal_search.model.modality=image"), m => m.Value == 1);
    }
}
