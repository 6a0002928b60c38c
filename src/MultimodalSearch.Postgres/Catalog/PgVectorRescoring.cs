namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Decides whether the index path re-scored enough of its ranked candidates. The SQL ranking of a photo (its query
/// vectors in a few groups, <see cref="PgVectorCentroids.Groups"/>) is a lower bound of the exact score, and how far
/// below it lies differs from item to item: on near-ties, an item ranked below those re-scored can score above the
/// k-th best of them. Every item re-scored shows its rise (exact score minus SQL ranking score); an item ranked lower
/// is assumed to rise no more than the largest rise seen, so the re-scored items are enough when the last one's
/// ranking score plus that rise stays below the k-th best exact score. A text's ranking is its exact score (rises of
/// rounding size), so it re-ranks only on ties at the cut.
/// </summary>
internal static class PgVectorRescoring
{
    /// <summary>Whether an item ranked below the last re-scored one could still reach the top <paramref name="top"/>.</summary>
    /// <param name="scores">The exact scores of the re-scored items, in ranking order.</param>
    /// <param name="rankingDistances">Their ranking distances from SQL (the negated weighted ranking score), ascending.</param>
    /// <param name="top">How many results the search returns.</param>
    /// <param name="rise">The largest rise seen (at least 0).</param>
    /// <returns>True when more items should be re-scored.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static bool MayMissBetter(ReadOnlySpan<float> scores, ReadOnlySpan<double> rankingDistances, int top, out float rise)
    {
        if (scores.Length != rankingDistances.Length)
        {
            throw new ArgumentException("One ranking distance per score is needed.", nameof(rankingDistances));
        }

        rise = 0;
        if (scores.Length < top || scores.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            rise = Math.Max(rise, (float)(scores[i] + rankingDistances[i]));
        }

        var kth = KthLargest(scores, top);
        var lastRankingScore = (float)-rankingDistances[^1];
        return lastRankingScore + rise >= kth;
    }

    private static float KthLargest(ReadOnlySpan<float> scores, int k)
    {
        var copy = scores.ToArray();
        Array.Sort(copy);
        return copy[^k];
    }
}
