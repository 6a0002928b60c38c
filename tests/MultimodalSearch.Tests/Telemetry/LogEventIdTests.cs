using MultimodalSearch.Testing.Telemetry;

namespace MultimodalSearch.Tests.Telemetry;

/// <summary>Every log event of the core has its own id, inside the range of its area (docs/telemetry.md).</summary>
public sealed class LogEventIdTests
{
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new()
    {
        ["EmbeddedCatalogLog"] = (1000, 1049),
        ["VectorDataCatalogLog"] = (1050, 1099),
        ["IngestionLog"] = (1100, 1199),
        ["WorkflowLog"] = (1200, 1299),
        ["IntentLog"] = (1300, 1349),
        ["AdviceLog"] = (1350, 1399),
    };

    [Fact]
    public void Every_core_log_event_has_a_unique_id_in_its_areas_range()
    {
        var assembly = typeof(MultimodalSearchTelemetry).Assembly;

        Assert.Empty(LogEventIds.Problems(assembly, Ranges));
        Assert.Contains(LogEventIds.Of(assembly), e => e is { Class: "IngestionLog", Id: 1107 });
    }

    [Fact]
    public void Every_evaluation_log_event_has_a_unique_id_in_the_evaluation_range()
    {
        Assert.Empty(LogEventIds.Problems(typeof(MultimodalSearch.Evaluation.SearchEvaluator).Assembly, new Dictionary<string, (int, int)> { ["EvaluationLog"] = (1900, 1999) }));
    }
}
