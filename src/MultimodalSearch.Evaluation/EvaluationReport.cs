namespace MultimodalSearch.Evaluation;

/// <summary>What an evaluation measured: the means per query kind and scoring mode, and every query's result.</summary>
/// <param name="K">The cut-off of precision, recall and nDCG.</param>
/// <param name="Depth">The results retrieved per query (the depth of the reciprocal rank).</param>
/// <param name="CatalogItems">The number of items in the catalog evaluated.</param>
/// <param name="Summaries">The means, by query kind (text, photo, photo + text) and then in the order of the modes.</param>
/// <param name="Queries">Every query's result under every mode that applies to it.</param>
public sealed record EvaluationReport(int K, int Depth, int CatalogItems, IReadOnlyList<EvaluationSummary> Summaries, IReadOnlyList<QueryEvaluation> Queries)
{
    /// <summary>Finds the summary of one query kind and scoring mode.</summary>
    /// <param name="kind">The query kind.</param>
    /// <param name="scoring">The scoring mode's name.</param>
    /// <returns>The summary, or null when no query of that kind was evaluated with that mode.</returns>
    public EvaluationSummary? Find(QueryKind kind, string scoring) =>
        Summaries.FirstOrDefault(s => s.Kind == kind && string.Equals(s.Scoring, scoring, StringComparison.Ordinal));

    /// <summary>Gets the best mode for a query kind by precision@k (ties: the first in the order of the modes).</summary>
    /// <param name="kind">The query kind.</param>
    /// <returns>The best summary, or null when no query of that kind was evaluated.</returns>
    public EvaluationSummary? Best(QueryKind kind) =>
        Summaries.Where(s => s.Kind == kind).Aggregate((EvaluationSummary?)null, (best, s) => best is null || s.Metrics.Precision > best.Metrics.Precision ? s : best);
}
