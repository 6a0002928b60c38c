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
        var chosen = new List<(CatalogHit Hit, ImageEmbedding Image)>(count);
        var left = candidates.ToList();

        // Scores and similarities live on different scales: the rank decides relevance, 1 for the best to 0 for the last.
        var relevance = candidates.Select((c, i) => (c.Hit.Id, Value: candidates.Count == 1 ? 1.0 : 1.0 - ((double)i / (candidates.Count - 1))))
            .ToDictionary(r => r.Id, r => r.Value, StringComparer.Ordinal);
        while (chosen.Count < count && left.Count > 0)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < left.Count; i++)
            {
                var closest = chosen.Count == 0 ? 0 : chosen.Max(c => EmbeddingSimilarity.ImageToImage(left[i].Image, c.Image, similarity));
                if (nearDuplicate is { } limit && closest >= limit)
                {
                    continue;
                }

                var value = ((1 - diversity) * relevance[left[i].Hit.Id]) - (diversity * closest);
                if (value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen.Add(left[best]);
            left.RemoveAt(best);
        }

        return [.. chosen.Select(c => c.Hit)];
    }
}
