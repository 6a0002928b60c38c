namespace MultimodalSearch;

/// <summary>
/// Chooses items by their images as well as their scores: near-identical images count as one product, and broad
/// requests can trade a little relevance for variety (maximal marginal relevance, Carbonell and Goldstein 1998).
/// </summary>
internal static class DiversityRanking
{
    /// <summary>Selects <paramref name="count"/> items from ranked candidates whose images are known.</summary>
    /// <param name="candidates">The candidates in their ranked order, each with its item's image embedding.</param>
    /// <param name="count">How many to select.</param>
    /// <param name="diversity">0 keeps the ranked order; up to 1 weighs dissimilarity to the items already chosen.</param>
    /// <param name="nearDuplicate">The image similarity from which a candidate repeats a chosen item, or null.</param>
    /// <param name="similarity">How two images are compared.</param>
    /// <returns>The chosen items, in the order chosen.</returns>
    public static IReadOnlyList<CatalogHit> Select(
        IReadOnlyList<(CatalogHit Hit, ImageEmbedding Image)> candidates, int count, double diversity, float? nearDuplicate, ImageSimilarity similarity)
    {
        var n = candidates.Count;
        var similarities = new float[n, n];
        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                if (a != b)
                {
                    similarities[a, b] = EmbeddingSimilarity.ImageToImage(candidates[a].Image, candidates[b].Image, similarity);
                    (low, high) = (Math.Min(low, similarities[a, b]), Math.Max(high, similarities[a, b]));
                }
            }
        }

        // Scores and similarities live on different scales (image scores of one colour crowd near 0.99): the rank gives
        // relevance from 1 for the best to 0 for the last, and similarities are spread over the pool's own range.
        double Relevance(int i) => n == 1 ? 1 : 1 - ((double)i / (n - 1));
        double Spread(float value) => high > low ? (value - low) / (high - low) : 0;

        var chosen = new List<int>(count);
        var left = Enumerable.Range(0, n).ToList();
        while (chosen.Count < count && left.Count > 0)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            foreach (var i in left)
            {
                var closest = chosen.Count == 0 ? float.NegativeInfinity : chosen.Max(c => similarities[i, c]);
                if (nearDuplicate is { } limit && closest >= limit)
                {
                    continue;
                }

                var value = ((1 - diversity) * Relevance(i)) - (diversity * (chosen.Count == 0 ? 0 : Spread(closest)));
                if (value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen.Add(best);
            left.Remove(best);
        }

        return [.. chosen.Select(i => candidates[i].Hit)];
    }
}
