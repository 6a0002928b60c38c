using Pgvector;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The parameters of one search: the vectors to look up in the index with their weights, the filter,
/// and how many candidates to take. Built from a validated <see cref="CatalogQuery"/>.
/// </summary>
internal sealed class PgVectorSearchPlan
{
    /// <summary>A photo's query vectors each take this fraction of a text vector's neighbours (at least Top).</summary>
    public const int PhotoVectorShare = 4;

    private PgVectorSearchPlan(Vector[] vectors, float[] weights, int[] limits, string[]? categories, int candidateItems, int efSearch)
    {
        Vectors = vectors;
        Weights = weights;
        Limits = limits;
        Categories = categories;
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
    public int[] Limits { get; }

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
        var textWeight = CatalogScoring.TextWeight(query);
        var imageWeight = CatalogScoring.ImageWeight(query);
        var total = textWeight + imageWeight;
        var perVector = (int)Math.Min(int.MaxValue, Math.Max(options.MinCandidates, (long)query.Top * options.CandidateMultiplier));

        // A photo searches with each of its query vectors; each takes fewer neighbours, because together
        // they cover far more rows than one text vector.
        var perPhotoVector = Math.Max(query.Top, perVector / PhotoVectorShare);
        var vectors = new List<Vector>();
        var weights = new List<float>();
        var limits = new List<int>();
        if (textWeight > 0)
        {
            vectors.Add(new Vector(query.Text!.Vector));
            weights.Add(textWeight / total);
            limits.Add(perVector);
        }

        if (imageWeight > 0)
        {
            var image = query.Image!;
            for (var q = 0; q < image.QueryCount; q++)
            {
                vectors.Add(new Vector(image.GetQuery(q)));
                weights.Add(imageWeight / (total * image.QueryCount));
                limits.Add(perPhotoVector);
            }
        }

        var rescore = (int)Math.Min(int.MaxValue, (long)query.Top * options.RescoreMultiplier);

        // A photo ranks candidates by a rougher measure (its query vectors' best matches among the rows
        // found), so more of them are re-scored exactly.
        var candidateItems = imageWeight > 0 ? Math.Max(rescore, options.MinCandidates) : rescore;
        var categories = query.Categories is { Count: > 0 } filter ? filter.Distinct(StringComparer.Ordinal).ToArray() : null;
        return new PgVectorSearchPlan([.. vectors], [.. weights], [.. limits], categories, candidateItems, Math.Clamp(limits.Max(), options.EfSearch, 1000));
    }
}
