using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>When the index path re-scores more of its ranked candidates (<see cref="PgVectorRescoring"/>).</summary>
public sealed class PgVectorRescoringTests
{
    [Fact]
    public void Rankings_that_separate_the_items_need_no_more()
    {
        // Exact scores 0.9 .. 0.5 rose 0.01 above their ranking; the last ranked (0.49) + 0.01 stays below the 2nd best (0.8).
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f];
        double[] distances = [-0.89, -0.79, -0.69, -0.59, -0.49];

        Assert.False(PgVectorRescoring.MayMissBetter(scores, distances, top: 2, out var rise));
        Assert.Equal(0.01f, rise, 1e-5f);
    }

    [Fact]
    public void An_item_whose_score_rose_far_above_its_ranking_means_a_lower_ranked_one_may_too()
    {
        // The third item, ranked 0.60, scored 0.85: an item ranked below the last (0.50) may reach 0.75 too, which is
        // below the 2nd best (0.85) but above the 4th (0.60).
        float[] scores = [0.9f, 0.8f, 0.85f, 0.6f, 0.5f];
        double[] distances = [-0.89, -0.79, -0.60, -0.59, -0.50];

        Assert.False(PgVectorRescoring.MayMissBetter(scores, distances, top: 2, out _));
        Assert.True(PgVectorRescoring.MayMissBetter(scores, distances, top: 4, out var rise));
        Assert.Equal(0.25f, rise, 1e-5f);
    }

    [Fact]
    public void A_tie_at_the_cut_of_an_exact_ranking_asks_for_more()
    {
        // A text's ranking is its score: only a tie between the last ranked and the k-th best can leave a better one out.
        float[] scores = [0.9f, 0.7f, 0.7f];
        double[] distances = [-0.9, -0.7, -0.7];

        Assert.True(PgVectorRescoring.MayMissBetter(scores, distances, top: 2, out var rise));
        Assert.Equal(0f, rise);
    }

    [Fact]
    public void Fewer_items_than_wanted_means_every_candidate_was_ranked()
    {
        Assert.False(PgVectorRescoring.MayMissBetter([0.9f], [-0.1], top: 2, out _));
        Assert.False(PgVectorRescoring.MayMissBetter([], [], top: 1, out _));
        Assert.Throws<ArgumentException>(() => PgVectorRescoring.MayMissBetter([0.9f], [], top: 1, out _));
    }
}
