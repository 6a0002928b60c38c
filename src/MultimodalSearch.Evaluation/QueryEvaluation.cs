namespace MultimodalSearch.Evaluation;

/// <summary>The result of one query under one scoring mode.</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="Kind">The query's kind.</param>
/// <param name="Scoring">The scoring mode's name.</param>
/// <param name="TopIds">The first k result ids, best first.</param>
/// <param name="Metrics">The query's metrics.</param>
public sealed record QueryEvaluation(string QueryId, QueryKind Kind, string Scoring, IReadOnlyList<string> TopIds, QueryMetrics Metrics);
