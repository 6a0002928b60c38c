using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Gemini.Tests;

public sealed class GeminiLogEventIdTests
{
    [Fact]
    public void Every_log_event_has_a_unique_id_in_the_packages_range()
    {
        Assert.Empty(LogEventIds.Problems(typeof(GeminiTelemetry).Assembly, new Dictionary<string, (int, int)> { ["GeminiLog"] = (1700, 1799) }));
    }
}
