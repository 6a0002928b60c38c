namespace MultimodalSearch.Evaluation;

/// <summary>The ranking metrics of one query (or their means over several).</summary>
/// <param name="Precision">Precision at k: the share of the first k results that are relevant.</param>
/// <param name="Recall">Recall at k: the share of the relevant items found in the first k results.</param>
/// <param name="Ndcg">Normalised discounted cumulative gain at k, with graded relevance.</param>
/// <param name="ReciprocalRank">1 / the rank of the first relevant result; 0 when none was retrieved.</param>
public readonly record struct QueryMetrics(double Precision, double Recall, double Ndcg, double ReciprocalRank);
