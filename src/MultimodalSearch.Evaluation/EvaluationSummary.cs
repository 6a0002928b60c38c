namespace MultimodalSearch.Evaluation;

/// <summary>The mean metrics of the queries of one kind under one scoring mode.</summary>
/// <param name="Kind">The query kind.</param>
/// <param name="Scoring">The scoring mode's name.</param>
/// <param name="Queries">The number of queries averaged.</param>
/// <param name="Metrics">The means of their metrics.</param>
/// <param name="IdealPrecision">
/// The best precision@k the judgments allow, averaged over the same queries: a query with fewer than k
/// relevant items cannot reach 1.
/// </param>
public sealed record EvaluationSummary(QueryKind Kind, string Scoring, int Queries, QueryMetrics Metrics, double IdealPrecision);
