using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Tests.Catalog;

public sealed class CatalogQueryTests
{
    private static readonly float[] ItemRows = [1, 0, 0, 1];
    private static readonly TextEmbedding Text = new(new float[] { 1, 0 });
    private static readonly ImageEmbedding Photo = new(new float[] { 0.6f, 0.8f, -1, 0 }, 2);

    [Fact]
    public void Score_of_a_fused_query_is_the_weighted_mean_of_the_text_and_image_scores()
    {
        var query = new CatalogQuery { Text = Text, Image = Photo, TextWeight = 3, ImageWeight = 1 };

        // Text score 1, image score (MeanOfBestMatches) 0.4: (3 * 1 + 1 * 0.4) / 4.
        Assert.Equal(0.85f, CatalogScoring.Score(query, ItemRows, 2), 1e-6f);
    }

    [Fact]
    public void Score_with_a_zero_weight_leaves_that_part_out()
    {
        Assert.Equal(1f, CatalogScoring.Score(new CatalogQuery { Text = Text, Image = Photo, ImageWeight = 0 }, ItemRows, 2), 1e-6f);
        Assert.Equal(0.4f, CatalogScoring.Score(new CatalogQuery { Text = Text, Image = Photo, TextWeight = 0 }, ItemRows, 2), 1e-6f);
    }

    [Fact]
    public void Score_uses_the_query_image_similarity()
    {
        var query = new CatalogQuery { Image = Photo, ImageSimilarity = ImageSimilarity.BestPair };

        Assert.Equal(0.8f, CatalogScoring.Score(query, ItemRows, 2), 1e-6f);
    }

    [Fact]
    public void Validate_accepts_a_text_query_of_the_catalog_dimensions()
    {
        CatalogQueryValidator.Validate(new CatalogQuery { Text = Text }, 2);
        CatalogQueryValidator.Validate(new CatalogQuery { Image = Photo, Top = 1 }, 0);
    }

    public static TheoryData<string, CatalogQuery> InvalidQueries() => new()
    {
        { "neither text nor image", new CatalogQuery() },
        { "Top 0", new CatalogQuery { Text = Text, Top = 0 } },
        { "negative weight", new CatalogQuery { Text = Text, TextWeight = -1 } },
        { "NaN weight", new CatalogQuery { Image = Photo, ImageWeight = float.NaN } },
        { "only part present has weight 0", new CatalogQuery { Text = Text, TextWeight = 0, ImageWeight = 5 } },
        { "text of other dimensions", new CatalogQuery { Text = new TextEmbedding(new float[] { 1, 0, 0 }) } },
        { "image of other dimensions", new CatalogQuery { Image = new ImageEmbedding(new float[] { 1, 0, 0 }, 1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public void Validate_rejects_a_query_that_cannot_run(string why, CatalogQuery query)
    {
        Assert.NotEmpty(why);
        Assert.Throws<ArgumentException>(() => CatalogQueryValidator.Validate(query, 2));
    }
}
