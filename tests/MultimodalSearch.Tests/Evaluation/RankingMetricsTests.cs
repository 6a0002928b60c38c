using MultimodalSearch.Evaluation;

namespace MultimodalSearch.Tests.Evaluation;

/// <summary>The metric functions against cases worked out by hand (the arithmetic is in each test). Tolerance 1e-9 unless stated.</summary>
public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-9;

    // Ranking a b c d e; relevant: b (rank 2), d (rank 4), and x, which was not retrieved.
    private static readonly string[] Ranking = ["a", "b", "c", "d", "e"];
    private static readonly Dictionary<string, int> Binary = new() { ["b"] = 1, ["d"] = 1, ["x"] = 1, ["c"] = 0 };

    [Theory]
    [InlineData(1, 0.0)] // a: 0/1
    [InlineData(2, 0.5)] // a b: 1/2
    [InlineData(4, 0.5)] // a b c d: 2/4
    [InlineData(5, 0.4)] // 2/5
    [InlineData(10, 0.2)] // only 5 results: still 2/10, a short list is not rewarded
    public void Precision_at_k_counts_relevant_results_in_the_first_k_and_divides_by_k(int k, double expected)
    {
        Assert.Equal(expected, RankingMetrics.PrecisionAt(Ranking, Binary, k), Tolerance);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0 / 3)] // b of b, d, x
    [InlineData(4, 2.0 / 3)] // b and d
    [InlineData(10, 2.0 / 3)] // x was never retrieved
    public void Recall_at_k_divides_by_every_relevant_item_retrieved_or_not(int k, double expected)
    {
        Assert.Equal(expected, RankingMetrics.RecallAt(Ranking, Binary, k), Tolerance);
    }

    [Fact]
    public void Ndcg_with_binary_relevance_matches_the_hand_computed_value()
    {
        // DCG@5 = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616064
        // IDCG@5 (three relevant items first) = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.6309298 + 0.5 = 2.1309298; nDCG = 0.4981893
        var expected = ((1 / Math.Log2(3)) + (1 / Math.Log2(5))) / (1 + (1 / Math.Log2(3)) + 0.5);

        Assert.Equal(0.4981893, expected, 1e-6);
        Assert.Equal(expected, RankingMetrics.NdcgAt(Ranking, Binary, 5), Tolerance);
    }

    [Fact]
    public void Ndcg_uses_linear_gain_for_graded_relevance()
    {
        // Ranking d b a; grades a 3, b 2, d 1 (c judged 0). DCG@3 = 1/1 + 2/log2(3) + 3/log2(4) = 1 + 1.2618595 + 1.5 = 3.7618595
        // IDCG@3 (a b d) = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.2618595 + 0.5 = 4.7618595; nDCG = 0.7899980
        var grades = new Dictionary<string, int> { ["a"] = 3, ["b"] = 2, ["c"] = 0, ["d"] = 1 };

        var ndcg = RankingMetrics.NdcgAt(["d", "b", "a"], grades, 3);

        Assert.Equal(0.7899980, ndcg, 1e-6);
        Assert.Equal(1.0, RankingMetrics.NdcgAt(["a", "b", "d"], grades, 3), Tolerance);
    }

    [Fact]
    public void Ndcg_at_k_compares_with_the_ideal_cut_at_k()
    {
        // k = 1: only the first result counts; ideal first result has grade 3. Ranking b first: 2/3.
        var grades = new Dictionary<string, int> { ["a"] = 3, ["b"] = 2 };

        Assert.Equal(2.0 / 3, RankingMetrics.NdcgAt(["b", "a"], grades, 1), Tolerance);
    }

    [Theory]
    [InlineData(new[] { "b", "a" }, 1.0)]
    [InlineData(new[] { "a", "c", "d" }, 1.0 / 3)]
    [InlineData(new[] { "a", "c", "e" }, 0.0)]
    [InlineData(new string[0], 0.0)]
    public void Reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_result(string[] ranking, double expected)
    {
        Assert.Equal(expected, RankingMetrics.ReciprocalRank(ranking, Binary), Tolerance);
    }

    [Fact]
    public void Compute_returns_all_four_metrics_and_mean_averages_each()
    {
        var first = RankingMetrics.Compute(Ranking, Binary, 5);
        var second = RankingMetrics.Compute(["x", "b", "d"], Binary, 5);

        Assert.Equal(new QueryMetrics(0.4, 2.0 / 3, RankingMetrics.NdcgAt(Ranking, Binary, 5), 0.5), first);
        Assert.Equal(0.6, second.Precision, Tolerance); // 3/5
        Assert.Equal(1.0, second.Recall, Tolerance);
        Assert.Equal(1.0, second.Ndcg, Tolerance);
        var mean = RankingMetrics.Mean([first, second]);
        Assert.Equal(0.5, mean.Precision, Tolerance);
        Assert.Equal((2.0 / 3 + 1) / 2, mean.Recall, Tolerance);
        Assert.Equal(0.75, mean.ReciprocalRank, Tolerance);
    }

    [Fact]
    public void A_ranking_that_repeats_an_id_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.PrecisionAt(["b", "b"], Binary, 2));

        Assert.Equal("ranking", ex.ParamName);
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recall_and_ndcg_without_a_relevant_item_are_refused_as_undefined()
    {
        var none = new Dictionary<string, int> { ["a"] = 0 };

        Assert.Equal("relevance", Assert.Throws<ArgumentException>(() => RankingMetrics.RecallAt(Ranking, none, 5)).ParamName);
        Assert.Equal("relevance", Assert.Throws<ArgumentException>(() => RankingMetrics.NdcgAt(Ranking, none, 5)).ParamName);
        Assert.Equal(0.0, RankingMetrics.PrecisionAt(Ranking, none, 5));
    }

    [Fact]
    public void Negative_grades_and_non_positive_k_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.PrecisionAt(Ranking, new Dictionary<string, int> { ["a"] = -1 }, 5));
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.PrecisionAt(Ranking, Binary, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => RankingMetrics.Mean([]));
    }
}
