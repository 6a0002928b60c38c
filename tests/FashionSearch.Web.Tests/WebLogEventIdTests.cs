using FashionSearch.Web.Telemetry;
using MultimodalSearch.Testing.Telemetry;

namespace FashionSearch.Web.Tests;

public sealed class WebLogEventIdTests
{
    [Fact]
    public void Every_log_event_of_the_app_has_a_unique_id_in_its_range()
    {
        Assert.Empty(LogEventIds.Problems(typeof(TelemetrySetup).Assembly, new Dictionary<string, (int, int)> { ["WebLog"] = (1500, 1599) }));
    }

    [Fact]
    public void The_app_traces_and_measures_every_library_package_by_its_constant()
    {
        Assert.Equal(["MultimodalSearch", "MultimodalSearch.Blip2", "MultimodalSearch.Gemini", "MultimodalSearch.Postgres"], TelemetrySetup.LibrarySources);
        Assert.Equal(TelemetrySetup.LibrarySources, TelemetrySetup.LibraryMeters);
    }
}
