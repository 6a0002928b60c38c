using System.Numerics.Tensors;
using Pgvector;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// The parameters of one search, built from a validated <see cref="CatalogQuery"/>: for the index path the probes
/// (the text vector, the photo's pooled vector, their blend) with how many centroid rows each takes from the HNSW index,
/// and the weighted vectors that rank the candidates in SQL (the text; the photo's query vectors in a few groups); for
/// both paths every search vector with its weight; and the filter.
/// </summary>
internal sealed class PgVectorSearchPlan
{
    /// <summary>The most ranking vectors a plan has: the text and a photo's groups.</summary>
    public const int MaxRankers = 1 + PgVectorCentroids.PerItem;

    private PgVectorSearchPlan(Vector[] probes, int[] probeLimits, int routes, Vector routeVector, Vector[] rankers, float[] rankerWeights, Vector[] vectors, float[] weights, string[]? categories, int rankedItems, int exactRankedItems, int? textCandidates, int efSearch)
    {
        ExactRankedItems = exactRankedItems;
        TextCandidates = textCandidates;
        Routes = routes;
        RouteVector = routeVector;
        Probes = probes;
        ProbeLimits = probeLimits;
        Rankers = rankers;
        RankerWeights = rankerWeights;
        Vectors = vectors;
        Weights = weights;
        Categories = categories;
        RankedItems = rankedItems;
        EfSearch = efSearch;
    }

    /// <summary>
    /// Gets the vectors the index path looks up: the text vector, for a fused search the blend of text and photo, and the
    /// photo's pooled (mean) vector and up to <see cref="MaxGroupProbes"/> of its smallest groups of query vectors among those
    /// smaller than an even share (<see cref="PgVectorCentroids.Groups"/>; none for <see cref="ImageSimilarity.MeanPooledCosine"/>).
    /// </summary>
    public Vector[] Probes { get; }

    /// <summary>Gets how many centroid rows each probe takes from the index; their items are the candidates.</summary>
    public int[] ProbeLimits { get; }

    /// <summary>Gets how many routes the text takes (<see cref="PgVectorCatalogOptions.TextRoutes"/>; 0 without a text).</summary>
    public int Routes { get; }

    /// <summary>Gets the text vector scaled by <see cref="PgVectorCatalogSqlBuilder.RouteTextLean"/> (any vector of the catalog's width when <see cref="Routes"/> is 0).</summary>
    public Vector RouteVector { get; }

    /// <summary>
    /// Gets the vectors that rank the index path's candidates in SQL, each by its best dot product with any of an item's
    /// query vectors: the text vector, and a photo's query vectors in up to <see cref="PgVectorCentroids.PerItem"/>
    /// groups (their means; <see cref="PgVectorCentroids.Groups"/>), or its pooled vector for <see cref="ImageSimilarity.MeanPooledCosine"/>.
    /// </summary>
    public Vector[] Rankers { get; }

    /// <summary>Gets each of <see cref="Rankers"/>' weight (they sum to 1): the text's weight, the photo's split by each group's share of its query vectors.</summary>
    public float[] RankerWeights { get; }

    /// <summary>Gets the search vectors: the text vector and/or every query vector of the photo.</summary>
    public Vector[] Vectors { get; }

    /// <summary>Gets each of <see cref="Vectors"/>' weight in the ranking (they sum to 1).</summary>
    public float[] Weights { get; }

    /// <summary>Gets the distinct categories to search in, or null for all.</summary>
    public string[]? Categories { get; }

    /// <summary>Gets how many items the index path returns (ranked in SQL) for the store to score exactly.</summary>
    public int RankedItems { get; }

    /// <summary>
    /// Gets how many items the exact path returns (ranked in SQL) for the store to score exactly: as many as
    /// <see cref="RankedItems"/> for a text; for a photo at least <see cref="PgVectorCatalogOptions.MinCandidates"/>, since
    /// the exact path ranks a photo by the mean of best matches whatever its similarity and, unlike the index path, never
    /// re-ranks with more.
    /// </summary>
    public int ExactRankedItems { get; }

    /// <summary>
    /// Gets, for a text search, how many candidate items (those whose centroid rows the text scores best) the index path
    /// ranks by their query vectors: at least <see cref="RankedItems"/>; null for a search with a photo, which ranks every
    /// candidate (its probes' distances are to different vectors, so they do not order the candidates).
    /// </summary>
    public int? TextCandidates { get; }

    /// <summary>Gets the <c>hnsw.ef_search</c> to use.</summary>
    public int EfSearch { get; }

    /// <summary>Gets the same plan with <paramref name="rankedItems"/> items returned for exact scoring.</summary>
    /// <param name="rankedItems">How many items the search returns.</param>
    /// <returns>The plan.</returns>
    public PgVectorSearchPlan WithRankedItems(int rankedItems) =>
        new(Probes, ProbeLimits, Routes, RouteVector, Rankers, RankerWeights, Vectors, Weights, Categories, rankedItems, ExactRankedItems, TextCandidates is { } candidates ? Math.Max(candidates, rankedItems) : null, EfSearch);

    /// <summary>Plans <paramref name="query"/>.</summary>
    /// <param name="query">A validated query.</param>
    /// <param name="options">The store's options.</param>
    /// <returns>The plan.</returns>
    public static PgVectorSearchPlan Create(CatalogQuery query, PgVectorCatalogOptions options)
    {
        var queryTextWeight = CatalogScoring.TextWeight(query);
        var textWeight = queryTextWeight / (queryTextWeight + CatalogScoring.ImageWeight(query));
        var imageWeight = 1 - textWeight;
        var perProbe = (int)Math.Min(int.MaxValue, Math.Max(options.MinCandidates, (long)query.Top * options.CandidateMultiplier));
        // Each item has several centroid rows in the index, and an item's rows lie near each other: half as many rows
        // again per centroid finds about the candidate items wanted.
        var probeRows = (int)Math.Min(int.MaxValue, (long)perProbe * PgVectorCentroids.PerItem / 2);
        var probes = new List<Vector>();
        var probeLimits = new List<int>();
        var rankers = new List<(Vector Vector, float Weight)>();
        var vectors = new List<Vector>();
        var weights = new List<float>();
        if (textWeight > 0)
        {
            var text = new Vector(query.Text!.Vector);
            probes.Add(text);
            probeLimits.Add(probeRows);
            rankers.Add((text, textWeight));
            vectors.Add(text);
            weights.Add(textWeight);
        }

        if (imageWeight > 0)
        {
            var image = query.Image!;
            var pooled = EmbeddingSimilarity.MeanPool(image);
            if (textWeight > 0)
            {
                // A fused search's best items need be near neither the text nor the photo alone: also probe between them.
                probes.Add(new Vector(Blend(query.Text!.Vector.Span, textWeight, pooled, imageWeight)));
                probeLimits.Add(probeRows);
            }

            probes.Add(new Vector(pooled));
            probeLimits.Add(probeRows);
            if (query.ImageSimilarity == ImageSimilarity.MeanPooledCosine)
            {
                rankers.Add((new Vector(pooled), imageWeight));
            }
            else
            {
                // One pooled vector cannot tell an item that matches two of the photo's parts from one that matches
                // one of them (its best row meets the blur of all parts alike); a weighted vector per group of query
                // vectors can, at a few dot products per item row. A group smaller than an even share of the query
                // vectors also probes the index, for a quarter of the rows (at least MinGroupProbeRows): it holds a
                // part of the photo unlike the rest, which the mean dilutes by the group's small weight. A trained
                // BLIP-2 keeps most query vectors nearly the same for every image and puts what tells an image apart
                // in a few, so the mean's nearest rows are those of the shared vectors of any items, while the small
                // groups find the items that share the photo's distinguishing vectors (the inner product's order does
                // not depend on a probe's length, so the means probe as they are).
                var groups = PgVectorCentroids.Groups(image);
                foreach (var (mean, weight) in groups)
                {
                    rankers.Add((new Vector(mean), imageWeight * weight));
                }

                // At most MaxGroupProbes, the smallest first (ties: in group order): each probe costs an index scan, and
                // a photo whose query vectors hold no distinct parts still falls into a few small groups by chance.
                foreach (var (mean, _) in groups.Where(g => g.Weight * PgVectorCentroids.PerItem < 1 && groups.Length > 1).OrderBy(g => g.Weight).Take(MaxGroupProbes))
                {
                    probes.Add(new Vector(mean));
                    probeLimits.Add(Math.Max(MinGroupProbeRows, probeRows / 4));
                }
            }

            for (var q = 0; q < image.QueryCount; q++)
            {
                vectors.Add(new Vector(image.GetQuery(q)));
                weights.Add(imageWeight / image.QueryCount);
            }
        }

        var rescore = (int)Math.Min(int.MaxValue, (long)query.Top * options.RescoreMultiplier);

        // Both paths rank a text as CatalogScoring does (its best dot product with any query vector): one item past the
        // cut is enough to show a tie there (rounding-size rises), on which the index path re-ranks with more
        // (PgVectorRescoring); every further item would only carry its vectors over the wire. A photo is ranked
        // differently in SQL (by its groups of query vectors in the index path; by the mean of best matches in the
        // exact one, whatever the query's similarity): more are kept, twice the re-scored count. The index path re-ranks
        // with three times as many whenever the rises seen say it missed one, so half of MinCandidates is its floor (each
        // item carries its 32 query vectors, 32 KiB, over the wire: 100 instead of 60 made a photo search at 50,000
        // clustered items 1.2x slower for the same recall; on Fashion-MNIST, whose photos' near-ties widen often either
        // way, 60 gained nothing and cost 0.001 of recall); the exact path never re-ranks, so MinCandidates is its floor.
        var ranked = imageWeight == 0 ? (int)Math.Min(int.MaxValue, query.Top + 1L) : (int)Math.Max(Math.Min(int.MaxValue, 2L * rescore), options.MinCandidates / 2);
        var exactRanked = imageWeight == 0 ? ranked : Math.Max(ranked, options.MinCandidates);
        var categories = query.Categories is { Count: > 0 } filter ? filter.Distinct(StringComparer.Ordinal).ToArray() : null;
        var routes = textWeight > 0 ? options.TextRoutes : 0;
        var routeVector = textWeight > 0 ? new Vector(Scaled(query.Text!.Vector.Span, PgVectorCatalogSqlBuilder.RouteTextLean)) : probes[0];
        return new PgVectorSearchPlan(
            [.. probes],
            [.. probeLimits],
            routes,
            routeVector,
            [.. rankers.Select(r => r.Vector)],
            [.. rankers.Select(r => r.Weight)],
            [.. vectors],
            [.. weights],
            categories,
            ranked,
            exactRanked,
            imageWeight == 0 ? Math.Max(2 * perProbe, ranked) : null,
            Math.Clamp(EfSearchFor(probeLimits, textWeight, options), options.EfSearch, 1000));
    }

    /// <summary>
    /// The <c>hnsw.ef_search</c> a search's probes need before <see cref="PgVectorCatalogOptions.EfSearch"/>'s floor: a
    /// text's probe must return all its rows from its first search (a text lies far from the catalog, and the width of
    /// that one search is what keeps its walk from settling), so the largest probe's; a photo's probes under an iterative
    /// scan, the smallest probe's: its small groups' probes take a quarter of its mean's rows and cost the width of
    /// the search whatever they take, while the mean's probe goes on with iterative scans for the rest of its rows.
    /// </summary>
    private static int EfSearchFor(List<int> probeLimits, float textWeight, PgVectorCatalogOptions options) =>
        textWeight == 0 && options.IterativeScan != PgVectorIterativeScan.Off ? probeLimits.Min() : probeLimits.Max();

    /// <summary>The most small groups of a photo that probe the index besides its mean.</summary>
    public const int MaxGroupProbes = 2;

    /// <summary>The fewest centroid rows the probe of one of a photo's small groups takes.</summary>
    public const int MinGroupProbeRows = 40;

    private static float[] Scaled(ReadOnlySpan<float> vector, float scale)
    {
        var scaled = new float[vector.Length];
        TensorPrimitives.Multiply(vector, scale, scaled);
        return scaled;
    }

    private static float[] Blend(ReadOnlySpan<float> text, float textWeight, float[] pooled, float imageWeight)
    {
        var blend = new float[pooled.Length];
        TensorPrimitives.Multiply(text, textWeight, blend);
        TensorPrimitives.MultiplyAdd(pooled, imageWeight, blend, blend);
        PgVectorCentroids.Normalize(blend);
        return blend;
    }
}
