using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;
using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>OpenTelemetry's gen-AI client instruments, seen by a <see cref="MetricRecorder"/> while the client talks to the local server.</summary>
public abstract partial class GeminiChatClientTests
{
    private const string OperationDuration = "gen_ai.client.operation.duration";
    private const string TokenUsage = "gen_ai.client.token.usage";

    [Fact]
    public async Task A_call_records_its_duration_and_token_usage_with_the_gen_ai_tags()
    {
        using var metrics = new MetricRecorder(GeminiTelemetry.MeterName);
        Server.Reply(Replies.Json(GeminiResponses.Text("ok", usage: GeminiResponses.Usage(12, 3))));
        var model = UniqueModel();

        await CreateClient(o => o.Model = model).GetResponseAsync("Hi");

        var duration = Assert.Single(metrics.Of(OperationDuration, "gen_ai.request.model=" + model));
        Assert.Equal(("s", "Histogram`1"), (duration.Unit, duration.Kind));
        Assert.True(duration.Value > 0);
        AssertGenAiTags(duration);
        Assert.False(duration.Tags.ContainsKey("error.type"));
        var input = Assert.Single(metrics.Of(TokenUsage, "gen_ai.request.model=" + model, "gen_ai.token.type=input"));
        var output = Assert.Single(metrics.Of(TokenUsage, "gen_ai.request.model=" + model, "gen_ai.token.type=output"));
        Assert.Equal(("{token}", "Histogram`1", 12.0, 3.0), (input.Unit, input.Kind, input.Value, output.Value));
        AssertGenAiTags(input);
    }

    [Fact]
    public async Task A_stream_is_measured_to_its_end_with_its_final_usage()
    {
        using var metrics = new MetricRecorder(GeminiTelemetry.MeterName);
        Server.Reply(Replies.Sse("\n\n", ThreeChunks));
        var model = UniqueModel();

        await CreateClient(o => o.Model = model).GetStreamingResponseAsync("What goes with navy?").ToListAsync();

        AssertGenAiTags(Assert.Single(metrics.Of(OperationDuration, "gen_ai.request.model=" + model, "!error.type")));
        Assert.Equal(10, Assert.Single(metrics.Of(TokenUsage, "gen_ai.request.model=" + model, "gen_ai.token.type=input")).Value);
        Assert.Equal(5 + 4, Assert.Single(metrics.Of(TokenUsage, "gen_ai.request.model=" + model, "gen_ai.token.type=output")).Value);
    }

    [Fact]
    public async Task A_failed_call_records_its_duration_with_the_error_type_and_no_usage()
    {
        using var metrics = new MetricRecorder(GeminiTelemetry.MeterName);
        Server.Reply(Replies.Error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
        var model = UniqueModel();

        await Assert.ThrowsAsync<GeminiException>(() => CreateClient(o => o.Model = model).GetResponseAsync("Hi"));

        var duration = Assert.Single(metrics.Of(OperationDuration, "gen_ai.request.model=" + model));
        Assert.Equal(typeof(GeminiException).FullName, duration.Tags["error.type"]);
        Assert.Empty(metrics.Of(TokenUsage, "gen_ai.request.model=" + model));
    }

    // Tests run in parallel, each with its own server; a model id of its own picks out each test's measurements.
    private static string UniqueModel() => "gemini-metrics-" + Guid.NewGuid().ToString("N")[..12];

    private void AssertGenAiTags(RecordedMeasurement measurement)
    {
        Assert.Equal("chat", measurement.Tags["gen_ai.operation.name"]);
        Assert.Equal(ProviderName, measurement.Tags["gen_ai.provider.name"]);
        Assert.Equal(ProviderName, measurement.Tags["gen_ai.system"]);
        Assert.Equal("127.0.0.1", measurement.Tags["server.address"]);
        Assert.Equal(GeminiResponses.ModelVersion, measurement.Tags["gen_ai.response.model"]);
    }
}
