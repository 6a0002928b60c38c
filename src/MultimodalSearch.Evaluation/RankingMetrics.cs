namespace MultimodalSearch.Evaluation;

/// <summary>
/// The standard ranking metrics over one ranked list of ids and the judged relevance of items
/// (grade &gt; 0 is relevant; a higher grade is more relevant; unjudged items are not relevant).
/// </summary>
/// <remarks>
/// Conventions: precision@k divides by k even when fewer than k results came back (a short list is not
/// rewarded); nDCG uses linear gain (grade / log2(rank + 1), as trec_eval does) and the ideal ordering of
/// every judged item; the reciprocal rank looks at the whole ranking given. Rankings may not repeat an id.
/// </remarks>
public static class RankingMetrics
{
    /// <summary>Precision at <paramref name="k"/>: relevant results among the first k, divided by k.</summary>
    /// <param name="ranking">The result ids, best first.</param>
    /// <param name="relevance">The relevance grade of judged items, by id.</param>
    /// <param name="k">The cut-off.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The ranking repeats an id, or a grade is negative.</exception>
    public static double PrecisionAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        return (double)RelevantInTop(ranking, relevance, k) / k;
    }

    /// <summary>Recall at <paramref name="k"/>: relevant results among the first k, divided by the number of relevant items.</summary>
    /// <param name="ranking">The result ids, best first.</param>
    /// <param name="relevance">The relevance grade of judged items, by id.</param>
    /// <param name="k">The cut-off.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentException">No item is relevant (recall is undefined), the ranking repeats an id, or a grade is negative.</exception>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        return (double)RelevantInTop(ranking, relevance, k) / RelevantCount(relevance);
    }

    /// <summary>
    /// Normalised discounted cumulative gain at <paramref name="k"/>: the sum over the first k results of
    /// grade / log2(rank + 1), divided by the same sum for the best possible ranking of the judged items.
    /// </summary>
    /// <param name="ranking">The result ids, best first.</param>
    /// <param name="relevance">The relevance grade of judged items, by id.</param>
    /// <param name="k">The cut-off.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentException">No item is relevant (nDCG is undefined), the ranking repeats an id, or a grade is negative.</exception>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        Check(ranking, relevance, k);
        _ = RelevantCount(relevance);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            dcg += Gain(relevance.GetValueOrDefault(ranking[i]), i);
        }

        var ideal = relevance.Values.Where(g => g > 0).OrderDescending().Take(k).ToArray();
        var idcg = 0.0;
        for (var i = 0; i < ideal.Length; i++)
        {
            idcg += Gain(ideal[i], i);
        }

        return dcg / idcg;
    }

    /// <summary>The reciprocal rank: 1 / the (1-based) rank of the first relevant result, or 0 when the ranking has none.</summary>
    /// <param name="ranking">The result ids, best first.</param>
    /// <param name="relevance">The relevance grade of judged items, by id.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The ranking repeats an id, or a grade is negative.</exception>
    public static double ReciprocalRank(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance)
    {
        Check(ranking, relevance, 1);
        for (var i = 0; i < ranking.Count; i++)
        {
            if (relevance.GetValueOrDefault(ranking[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>Computes every metric of one query.</summary>
    /// <param name="ranking">The result ids, best first.</param>
    /// <param name="relevance">The relevance grade of judged items, by id; at least one must be relevant.</param>
    /// <param name="k">The cut-off of precision, recall and nDCG.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    /// <exception cref="ArgumentException">No item is relevant, the ranking repeats an id, or a grade is negative.</exception>
    public static QueryMetrics Compute(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k) =>
        new(PrecisionAt(ranking, relevance, k), RecallAt(ranking, relevance, k), NdcgAt(ranking, relevance, k), ReciprocalRank(ranking, relevance));

    /// <summary>Averages the metrics of several queries, metric by metric.</summary>
    /// <param name="metrics">The metrics of each query.</param>
    /// <returns>The means.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="metrics"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> is empty.</exception>
    public static QueryMetrics Mean(IReadOnlyCollection<QueryMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0)
        {
            throw new ArgumentException("Cannot average the metrics of no queries.", nameof(metrics));
        }

        return new(
            metrics.Average(m => m.Precision),
            metrics.Average(m => m.Recall),
            metrics.Average(m => m.Ndcg),
            metrics.Average(m => m.ReciprocalRank));
    }

    private static double Gain(int grade, int index) => grade <= 0 ? 0 : grade / Math.Log2(index + 2);

    private static int RelevantInTop(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        var found = 0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (relevance.GetValueOrDefault(ranking[i]) > 0)
            {
                found++;
            }
        }

        return found;
    }

    private static int RelevantCount(IReadOnlyDictionary<string, int> relevance)
    {
        var count = relevance.Values.Count(g => g > 0);
        return count > 0
            ? count
            : throw new ArgumentException("No item is judged relevant, so recall and nDCG are undefined.", nameof(relevance));
    }

    private static void Check(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> relevance, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        foreach (var (id, grade) in relevance)
        {
            if (grade < 0)
            {
                throw new ArgumentException($"Item '{id}' has a negative relevance grade ({grade}).", nameof(relevance));
            }
        }

        var seen = new HashSet<string>(ranking.Count, StringComparer.Ordinal);
        foreach (var id in ranking)
        {
            if (!seen.Add(id))
            {
                throw new ArgumentException($"The ranking lists '{id}' more than once.", nameof(ranking));
            }
        }
    }
}
