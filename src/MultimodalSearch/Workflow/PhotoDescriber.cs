namespace MultimodalSearch;

/// <summary>
/// Reads what a shopper's photo shows in the catalog's own terms (its category and attribute values), so that "the same
/// in red" stays in the photo's category and keeps its pattern.
/// </summary>
/// <remarks>
/// <para>A photo that is a catalog image (its nearest item scores at least <see cref="SameImageScore"/>) is that item.
/// Any other photo is read zero-shot, the way BLIP-2 was trained: the image-text score of the photo against a short text
/// for every category and value of the catalog's one or two richest attributes ("a red striped jersey"), the best text
/// naming the category and values. Measured on the demo model with held-out renders (docs/workflow.md): 78% of the
/// categories right this way, against 62% for a vote of the nearest catalog images, whose image-to-image scores the
/// colour dominates.</para>
/// <para>The texts are embedded once per catalog vocabulary and kept; at most <see cref="MaxTexts"/> of them.</para>
/// </remarks>
internal sealed class PhotoDescriber(IMultimodalEmbedder embedder)
{
    /// <summary>The image-to-image score from which a photo counts as the catalog image itself.</summary>
    public const float SameImageScore = 0.9995f;

    /// <summary>The most texts a catalog's vocabulary is read with.</summary>
    public const int MaxTexts = 1024;

    private volatile PromptSet? _cache;

    /// <summary>Describes a photo.</summary>
    /// <param name="photo">The photo's embedding.</param>
    /// <param name="facets">The catalog's vocabulary.</param>
    /// <param name="nearest">The photo's nearest catalog items, best first.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The category (null for an empty catalog) and the attribute values the photo shows.</returns>
    public async Task<(string? Category, IReadOnlyDictionary<string, string> Attributes)> DescribeAsync(
        ImageEmbedding photo, CatalogFacets facets, IReadOnlyList<CatalogHit> nearest, CancellationToken cancellationToken)
    {
        if (nearest.Count > 0 && nearest[0].Score >= SameImageScore)
        {
            return (nearest[0].Category, nearest[0].Metadata);
        }

        if (facets.Categories.Count == 0)
        {
            return (null, new Dictionary<string, string>());
        }

        var (prompts, embeddings) = await PromptsAsync(facets, cancellationToken).ConfigureAwait(false);
        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var i = 0; i < prompts.Length; i++)
        {
            var score = EmbeddingSimilarity.TextToImage(embeddings[i], photo);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return (prompts[best].Category, prompts[best].Attributes);
    }

    private async Task<(Prompt[] Prompts, IReadOnlyList<TextEmbedding> Embeddings)> PromptsAsync(CatalogFacets facets, CancellationToken cancellationToken)
    {
        var prompts = Prompts(facets);
        var key = string.Join('\n', prompts.Select(p => p.Text));
        if (_cache is { } cached && cached.Key == key)
        {
            return (cached.Prompts, cached.Embeddings);
        }

        // Two first requests may both embed the texts; the result is the same, and the last one is kept.
        var embeddings = await embedder.EmbedTextsAsync([.. prompts.Select(p => p.Text)], cancellationToken).ConfigureAwait(false);
        _cache = new PromptSet(key, prompts, embeddings);
        return (prompts, embeddings);
    }

    // "a {value} {value} {category}" for every category and the values of the richest attributes that fit in MaxTexts.
    private static Prompt[] Prompts(CatalogFacets facets)
    {
        var prompts = facets.Categories.Select(c => new Prompt("a " + c, c, new Dictionary<string, string>())).ToList();
        // The richest attribute (usually the colour) is named first, as in "a red striped jersey": it is added last.
        var richest = facets.Attributes.OrderByDescending(a => a.Value.Count).ThenBy(a => a.Key, StringComparer.Ordinal).Take(2).ToList();
        if (richest.Count == 2 && prompts.Count * richest[0].Value.Count * richest[1].Value.Count > MaxTexts)
        {
            richest.RemoveAt(1);
        }

        foreach (var (attribute, values) in Enumerable.Reverse(richest))
        {
            if (prompts.Count * values.Count > MaxTexts)
            {
                continue;
            }

            prompts = [.. from value in values
                          from prompt in prompts
                          select new Prompt(
                              prompt.Text.Insert(2, value + " "),
                              prompt.Category,
                              new Dictionary<string, string>(prompt.Attributes, StringComparer.Ordinal) { [attribute] = value })];
        }

        return [.. prompts];
    }

    private sealed record PromptSet(string Key, Prompt[] Prompts, IReadOnlyList<TextEmbedding> Embeddings);

    private sealed record Prompt(string Text, string Category, IReadOnlyDictionary<string, string> Attributes);
}
