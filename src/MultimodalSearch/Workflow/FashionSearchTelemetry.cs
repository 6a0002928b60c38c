using System.Diagnostics;

namespace MultimodalSearch;

/// <summary>The tracing source of the shopping workflow, its classifiers and assistants.</summary>
public static class FashionSearchTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>; add it to an OpenTelemetry tracer to see each request's stages.</summary>
    public const string ActivitySourceName = "MultimodalSearch.Workflow";

    internal static ActivitySource Source { get; } = new(ActivitySourceName);
}
