using MultimodalSearch.Testing.Catalog;
using MultimodalSearch.VectorData;

namespace MultimodalSearch.Tests.VectorData;

/// <summary>How the ranked item lists of several search vectors become the candidates that are scored exactly.</summary>
public sealed class CatalogCandidatesTests
{
    [Fact]
    public void Merge_takes_rank_by_rank_across_the_lists_without_repeats()
    {
        IReadOnlyList<string>[] lists = [["a", "b", "c"], ["b", "d"], ["e", "a", "f", "g"]];

        Assert.Equal(["a", "b", "e", "d", "c", "f", "g"], CatalogCandidates.Merge(lists, 10));
        Assert.Equal(["a", "b", "e", "d"], CatalogCandidates.Merge(lists, 4));
        Assert.Empty(CatalogCandidates.Merge([[], []], 3));
    }

    [Fact]
    public void A_photo_rescores_at_least_MinImageCandidates_and_a_text_Top_times_the_multiplier()
    {
        var options = new VectorDataCatalogOptions { CandidateMultiplier = 3, MinImageCandidates = 100 };

        Assert.Equal(30, CatalogCandidates.CountFor(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Top = 10 }, options));
        Assert.Equal(100, CatalogCandidates.CountFor(new CatalogQuery { Image = SyntheticEmbeddings.Image(1), Top = 10 }, options));
        Assert.Equal(150, CatalogCandidates.CountFor(new CatalogQuery { Image = SyntheticEmbeddings.Image(1), Top = 50 }, options));
        Assert.Equal(30, CatalogCandidates.CountFor(new CatalogQuery { Text = SyntheticEmbeddings.Text(1), Image = SyntheticEmbeddings.Image(1), ImageWeight = 0, Top = 10 }, options));
    }
}
