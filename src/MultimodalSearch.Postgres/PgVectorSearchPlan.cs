using Pgvector;

namespace MultimodalSearch.Postgres;

/// <summary>
/// The parameters of one search: the vectors to look up in the index with their weights, the filter,
/// and how many candidates to take. Built from a validated <see cref="CatalogQuery"/>.
/// </summary>
internal sealed class PgVectorSearchPlan
{
    private PgVectorSearchPlan(Vector[] vectors, float[] weights, string[]? categories, int perVector, int candidateItems, int efSearch)
    {
        Vectors = vectors;
        Weights = weights;
        Categories = categories;
        PerVector = perVector;
        CandidateItems = candidateItems;
        EfSearch = efSearch;
    }

    /// <summary>Gets the vectors to search with: the text vector and/or the photo's query vectors.</summary>
    public Vector[] Vectors { get; }

    /// <summary>Gets each vector's weight in the candidate ranking (they sum to 1).</summary>
    public float[] Weights { get; }

    /// <summary>Gets the distinct categories to search in, or null for all.</summary>
    public string[]? Categories { get; }

    /// <summary>Gets how many nearest query vectors each search vector takes from the index.</summary>
    public int PerVector { get; }

    /// <summary>Gets how many candidate items are fetched with their vectors and re-scored exactly.</summary>
    public int CandidateItems { get; }

    /// <summary>Gets the <c>hnsw.ef_search</c> to use.</summary>
    public int EfSearch { get; }

    /// <summary>Plans <paramref name="query"/>.</summary>
    /// <param name="query">A validated query.</param>
    /// <param name="options">The store's options.</param>
    /// <returns>The plan.</returns>
    public static PgVectorSearchPlan Create(CatalogQuery query, PgVectorCatalogOptions options)
    {
        var textWeight = query.EffectiveTextWeight;
        var imageWeight = query.EffectiveImageWeight;
        var total = textWeight + imageWeight;
        var vectors = new List<Vector>();
        var weights = new List<float>();
        if (textWeight > 0)
        {
            vectors.Add(new Vector(query.Text!.Vector));
            weights.Add(textWeight / total);
        }

        if (imageWeight > 0)
        {
            var image = query.Image!;
            for (var q = 0; q < image.QueryCount; q++)
            {
                vectors.Add(new Vector(image.GetQuery(q)));
                weights.Add(imageWeight / (total * image.QueryCount));
            }
        }

        var perVector = (int)Math.Min(int.MaxValue, Math.Max(options.MinCandidates, (long)query.Top * options.CandidateMultiplier));
        var rescore = (int)Math.Min(int.MaxValue, (long)query.Top * options.RescoreMultiplier);

        // A photo ranks candidates by a rougher measure (its query vectors' best matches among the rows
        // found), so more of them are re-scored exactly.
        var candidateItems = imageWeight > 0 ? Math.Max(rescore, options.MinCandidates) : rescore;
        var categories = query.Categories is { Count: > 0 } filter ? filter.Distinct(StringComparer.Ordinal).ToArray() : null;
        return new PgVectorSearchPlan([.. vectors], [.. weights], categories, perVector, candidateItems, Math.Clamp(perVector, options.EfSearch, 1000));
    }
}
