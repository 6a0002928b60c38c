using System.Diagnostics;

namespace MultimodalSearch.Postgres;

/// <summary>The tracing source of both PostgreSQL stores.</summary>
internal static class PgVectorDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/>: listen to it to trace catalog and VectorData operations.</summary>
    public const string SourceName = "MultimodalSearch.Postgres";

    /// <summary>The tag that says how a search found its candidates: <c>ann</c> (nearest neighbours from the index), or <c>ann+exact</c> when those were too few and an exact scan followed.</summary>
    public const string SearchPathTag = "multimodal_search.search.path";

    /// <summary>Gets the source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts an activity for a catalog operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="catalog">The catalog's schema-qualified name.</param>
    /// <returns>The activity, or null when nobody listens.</returns>
    public static Activity? Start(string operation, string catalog)
    {
        var activity = Source.StartActivity("catalog." + operation, ActivityKind.Client);
        activity?.SetTag("db.system", "postgresql");
        activity?.SetTag("multimodal_search.catalog", catalog);
        return activity;
    }
}
