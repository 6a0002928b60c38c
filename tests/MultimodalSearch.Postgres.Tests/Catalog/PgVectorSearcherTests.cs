using System.Numerics.Tensors;
using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>What the searcher sends, checked without a database: user values travel only as parameters.</summary>
public sealed class PgVectorSearcherTests
{
    private static readonly PgVectorCatalogNames Names = PgVectorCatalogNames.Create("shop", "catalog");

    [Fact]
    public void Categories_that_look_like_SQL_travel_as_a_parameter_and_leave_the_SQL_text_unchanged()
    {
        var searcher = new PgVectorSearcher(Names, new PgVectorCatalogOptions(), NullLogger.Instance);
        string[] nasty = ["'; DROP TABLE \"shop\".\"catalog_items\"; --", "x' OR '1'='1", "%"];
        var plain = PgVectorSearchPlan.Create(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Categories = ["shoes"] }, new PgVectorCatalogOptions());
        var hostile = PgVectorSearchPlan.Create(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Categories = nasty }, new PgVectorCatalogOptions());

        using var plainBatch = searcher.CreateBatch(null!, plain, exact: false);
        using var hostileBatch = searcher.CreateBatch(null!, hostile, exact: false);

        Assert.Equal(plainBatch.BatchCommands[1].CommandText, hostileBatch.BatchCommands[1].CommandText);
        Assert.Equal(nasty, hostileBatch.BatchCommands[1].Parameters[^1].Value);
        Assert.All(nasty, value => Assert.DoesNotContain(value, hostileBatch.BatchCommands[1].CommandText, StringComparison.Ordinal));
    }

    [Fact]
    public void Search_settings_come_from_the_options_as_parameters()
    {
        var options = new PgVectorCatalogOptions { EfSearch = 999, IterativeScan = PgVectorIterativeScan.StrictOrder, MaxScanTuples = 5000, IvfFlatProbes = 12 };
        var searcher = new PgVectorSearcher(Names, options, NullLogger.Instance);
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Top = 5 }, options);

        using var batch = searcher.CreateBatch(null!, plan, exact: false);

        // IVFFlat has no strict order: its iterative scan is relaxed.
        var settings = batch.BatchCommands[0].Parameters.Select(p => p.Value).ToArray();
        Assert.Equal(["999", "strict_order", "5000", "relaxed_order", 12], settings);

        // Without IvfFlatProbes the statement computes them from the index's lists (0 asks for that).
        using var automatic = new PgVectorSearcher(Names, new PgVectorCatalogOptions(), NullLogger.Instance).CreateBatch(null!, plan, exact: false);
        Assert.Equal(0, automatic.BatchCommands[0].Parameters[4].Value);
    }

    [Fact]
    public void A_text_query_probes_the_index_with_its_one_vector_for_top_times_the_multiplier_candidates_and_re_scores_one_past_the_cut()
    {
        var options = new PgVectorCatalogOptions { MinCandidates = 50, CandidateMultiplier = 20, RescoreMultiplier = 4 };
        var text = SyntheticEmbeddings.Text(3);

        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Text = text, Top = 10, Categories = ["a", "b", "a"] }, options);

        Assert.Equal(text.Vector.ToArray(), Assert.Single(plan.Probes).ToArray());
        Assert.Equal([800], plan.ProbeLimits);
        Assert.Equal(text.Vector.ToArray(), Assert.Single(plan.Vectors).ToArray());
        Assert.Equal([1f], plan.Weights);
        Assert.Equal(text.Vector.ToArray(), Assert.Single(plan.Rankers).ToArray());
        Assert.Equal([1f], plan.RankerWeights);
        Assert.Equal(11, plan.RankedItems);
        Assert.Equal(["a", "b"], plan.Categories!);
        Assert.Equal(800, plan.EfSearch);

        // The SQL ranks the 400 candidates whose centroid rows the text scores best (twice the items a probe looks for),
        // never fewer than it returns.
        Assert.Equal(400, plan.TextCandidates);
        Assert.Equal(400, plan.WithRankedItems(99).TextCandidates);
        Assert.Equal(1_000, plan.WithRankedItems(1_000).TextCandidates);
    }

    [Fact]
    public void A_fused_query_probes_with_the_text_the_blend_the_pooled_photo_and_its_small_groups_and_scans_exactly_with_every_vector()
    {
        var image = SyntheticEmbeddings.Image(4);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(4), Image = image, TextWeight = 3, ImageWeight = 1 };

        var plan = PgVectorSearchPlan.Create(query, new PgVectorCatalogOptions());

        // The text, the blend of text and photo by their weights (normalised), the photo's pooled vector, each for 800
        // rows; then the (at most 2) smallest groups of fewer than 4 of the photo's 32 query vectors (their means) for a
        // quarter of them.
        var pooled = EmbeddingSimilarity.MeanPool(image);
        Assert.Equal(pooled, plan.Probes[2].ToArray());
        var blend = query.Text!.Vector.ToArray().Zip(pooled, (t, p) => (0.75f * t) + (0.25f * p)).ToArray();
        var norm = MathF.Sqrt(blend.Sum(x => x * x));
        Assert.Equal(blend.Select(x => x / norm), plan.Probes[1].ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
        var small = PgVectorCentroids.Groups(image).Where(g => g.Weight * 32 < 4).OrderBy(g => g.Weight).Take(PgVectorSearchPlan.MaxGroupProbes).ToArray();
        Assert.Equal(3 + small.Length, plan.Probes.Length);
        Assert.Equal([800, 800, 800, .. small.Select(_ => 200)], plan.ProbeLimits);
        for (var g = 0; g < small.Length; g++)
        {
            Assert.Equal(small[g].Mean, plan.Probes[3 + g].ToArray());
        }

        // A photo's probes measure distances to different vectors, which cannot order its candidates: all are ranked.
        Assert.Null(plan.TextCandidates);
        Assert.Null(plan.WithRankedItems(500).TextCandidates);
        Assert.Equal(1 + image.QueryCount, plan.Vectors.Length);
        Assert.Equal(0.75f, plan.Weights[0], 1e-6f);
        Assert.All(plan.Weights.Skip(1), w => Assert.Equal(0.25f / image.QueryCount, w, 1e-7f));
        Assert.Equal(image.GetQuery(5).ToArray(), plan.Vectors[6].ToArray());
        Assert.Null(plan.Categories);

        // The index path ranks the text by itself and the photo by its groups of query vectors in SQL, which are
        // weighted by their share of the photo's vectors and average back to its mean; at least MinCandidates are re-scored exactly.
        Assert.Equal(query.Text.Vector.ToArray(), plan.Rankers[0].ToArray());
        Assert.Equal(0.75f, plan.RankerWeights[0], 1e-6f);
        Assert.InRange(plan.Rankers.Length, 2, PgVectorSearchPlan.MaxRankers);
        Assert.Equal(0.25f, plan.RankerWeights.Skip(1).Sum(), 1e-6f);
        var mean = new float[image.Dimensions];
        for (var r = 1; r < plan.Rankers.Length; r++)
        {
            TensorPrimitives.MultiplyAdd(plan.Rankers[r].ToArray(), plan.RankerWeights[r] / 0.25f, mean, mean);
        }

        var unpooled = new float[image.Dimensions];
        for (var q = 0; q < image.QueryCount; q++)
        {
            TensorPrimitives.Add(unpooled, image.GetQuery(q).Span, unpooled);
        }

        TensorPrimitives.Divide(unpooled, image.QueryCount, unpooled);
        Assert.Equal(unpooled, mean, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(60, plan.RankedItems);
        Assert.Equal(100, plan.ExactRankedItems);
    }

    [Fact]
    public void A_photo_of_one_distinct_part_probes_with_its_mean_and_that_part()
    {
        // 31 query vectors along one axis, 1 along another: two groups, the second of one vector (weight 1/32).
        var vectors = new float[32 * 8];
        for (var q = 0; q < 32; q++)
        {
            vectors[(q * 8) + (q == 17 ? 1 : 0)] = 1f;
        }

        var image = new ImageEmbedding(vectors, 32);
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Image = image }, new PgVectorCatalogOptions());

        Assert.Equal(2, plan.Probes.Length);
        Assert.Equal(EmbeddingSimilarity.MeanPool(image), plan.Probes[0].ToArray());
        Assert.Equal(image.GetQuery(17).ToArray(), plan.Probes[1].ToArray());
        Assert.Equal([800, 200], plan.ProbeLimits);

        // Under an iterative scan the search is as wide as the smallest probe needs (the mean's probe goes on iterating);
        // without one, as wide as the largest, which must come back whole from one search.
        Assert.Equal(200, plan.EfSearch);
        Assert.Equal(800, PgVectorSearchPlan.Create(new CatalogQuery { Image = image }, new PgVectorCatalogOptions { IterativeScan = PgVectorIterativeScan.Off }).EfSearch);
        Assert.Equal(800, PgVectorSearchPlan.Create(new CatalogQuery { Image = image, Text = SyntheticEmbeddings.Text(1, 8) }, new PgVectorCatalogOptions()).EfSearch);
    }

    [Fact]
    public void A_photo_of_many_distinct_parts_probes_with_its_mean_and_its_two_smallest_groups()
    {
        // 26 query vectors along one axis; 1, 1, 2 and 2 along four others: five groups, four of them small.
        var axes = new[] { 1, 2, 3, 3, 4, 4 };
        var vectors = new float[32 * 8];
        for (var q = 0; q < 32; q++)
        {
            vectors[(q * 8) + (q < axes.Length ? axes[q] : 0)] = 1f;
        }

        var image = new ImageEmbedding(vectors, 32);
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Image = image }, new PgVectorCatalogOptions());

        Assert.Equal(1 + PgVectorSearchPlan.MaxGroupProbes, plan.Probes.Length);
        Assert.Equal(EmbeddingSimilarity.MeanPool(image), plan.Probes[0].ToArray());
        Assert.Equal([image.GetQuery(0).ToArray(), image.GetQuery(1).ToArray()], plan.Probes.Skip(1).Select(p => p.ToArray()).OrderBy(p => Array.IndexOf(p, 1f)));
        Assert.Equal([800, 200, 200], plan.ProbeLimits);
        Assert.Equal(5, plan.Rankers.Length);
    }

    [Fact]
    public void A_photo_compared_by_mean_pooled_cosine_is_ranked_by_its_pooled_vector()
    {
        var image = SyntheticEmbeddings.Image(6);

        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Image = image, ImageSimilarity = ImageSimilarity.MeanPooledCosine }, new PgVectorCatalogOptions());

        Assert.Equal(EmbeddingSimilarity.MeanPool(image), Assert.Single(plan.Rankers).ToArray());
        Assert.Equal([1f], plan.RankerWeights);
        Assert.Equal(EmbeddingSimilarity.MeanPool(image), Assert.Single(plan.Probes).ToArray());
        Assert.Equal([800], plan.ProbeLimits);
    }

    [Theory]
    [InlineData(ImageSimilarity.BestPair)]
    [InlineData(ImageSimilarity.MeanPooledCosine)]
    [InlineData(ImageSimilarity.MeanOfBestMatches)]
    public void A_photo_keeps_more_items_to_re_score_than_a_text_whatever_its_similarity(ImageSimilarity similarity)
    {
        var query = new CatalogQuery { Image = SyntheticEmbeddings.Image(4), ImageSimilarity = similarity, Top = 10 };

        // The index path re-scores twice RescoreMultiplier x Top (at least half of MinCandidates: it re-ranks with more
        // when it may have missed one); the exact path, which never re-ranks, at least MinCandidates.
        var plan = PgVectorSearchPlan.Create(query, new PgVectorCatalogOptions());
        Assert.Equal(60, plan.RankedItems);
        Assert.Equal(100, plan.ExactRankedItems);
        var wide = PgVectorSearchPlan.Create(query, new PgVectorCatalogOptions { RescoreMultiplier = 10 });
        Assert.Equal(200, wide.RankedItems);
        Assert.Equal(200, wide.ExactRankedItems);
        var one = PgVectorSearchPlan.Create(query with { Top = 1 }, new PgVectorCatalogOptions());
        Assert.Equal(50, one.RankedItems);
        Assert.Equal(100, one.ExactRankedItems);
        Assert.Equal(100, PgVectorSearchPlan.Create(query with { Top = 1 }, new PgVectorCatalogOptions { MinCandidates = 200 }).RankedItems);

        // Widening keeps the exact path's count.
        Assert.Equal(180, plan.WithRankedItems(180).RankedItems);
        Assert.Equal(100, plan.WithRankedItems(180).ExactRankedItems);

        // A text's ranking in SQL is its exact score: one item past the cut on either path, whatever the multiplier.
        foreach (var options in new[] { new PgVectorCatalogOptions(), new PgVectorCatalogOptions { RescoreMultiplier = 10 } })
        {
            var text = PgVectorSearchPlan.Create(new CatalogQuery { Text = SyntheticEmbeddings.Text(4), Top = 10 }, options);
            Assert.Equal(11, text.RankedItems);
            Assert.Equal(11, text.ExactRankedItems);
        }
    }

    [Fact]
    public void Each_path_asks_for_its_own_count_of_ranked_items()
    {
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Image = SyntheticEmbeddings.Image(4), Top = 10 }, new PgVectorCatalogOptions());
        var searcher = new PgVectorSearcher(Names, new PgVectorCatalogOptions(), NullLogger.Instance);

        // The ranked count follows the search's vectors and weights (exact) or its probes, limits, rankers and weights (index).
        using var exact = searcher.CreateBatch(null!, plan, exact: true);
        Assert.Equal(100, exact.BatchCommands[1].Parameters[2].Value);
        using var index = searcher.CreateBatch(null!, plan, exact: false);
        Assert.Equal(60, index.BatchCommands[1].Parameters[4].Value);
    }

    [Fact]
    public void A_part_with_weight_zero_is_not_searched()
    {
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(5), Image = SyntheticEmbeddings.Image(5), ImageWeight = 0 };

        var plan = PgVectorSearchPlan.Create(query, new PgVectorCatalogOptions());

        Assert.Single(plan.Vectors);
        Assert.Single(plan.Probes);
    }

    [Fact]
    public void Ef_search_is_capped_at_pgvector_maximum()
    {
        var plan = PgVectorSearchPlan.Create(new CatalogQuery { Text = SyntheticEmbeddings.Text(6), Top = 5000 }, new PgVectorCatalogOptions());

        Assert.Equal(1000, plan.EfSearch);
        Assert.Equal([400_000], plan.ProbeLimits);
    }
}
