namespace MultimodalSearch.Tests.Catalog;

/// <summary>Hand-computed 2-D examples: item rows (1,0),(0,1); photo rows (0.6,0.8),(-1,0); text (1,0).</summary>
public sealed class EmbeddingSimilarityTests
{
    private const float Tolerance = 1e-6f;
    private static readonly ImageEmbedding Item = new(new float[] { 1, 0, 0, 1 }, 2);
    private static readonly ImageEmbedding Photo = new(new float[] { 0.6f, 0.8f, -1, 0 }, 2);
    private static readonly TextEmbedding Text = new(new float[] { 1, 0 });

    [Fact]
    public void TextToImage_is_the_best_dot_product_over_the_image_rows()
    {
        Assert.Equal(1f, EmbeddingSimilarity.TextToImage(Text, Item), Tolerance);
        Assert.Equal(0.6f, EmbeddingSimilarity.TextToImage(Text, Photo), Tolerance);
    }

    [Theory]
    [InlineData(ImageSimilarity.MeanOfBestMatches, 0.4f)] // (max(0.6, 0.8) + max(-1, 0)) / 2
    [InlineData(ImageSimilarity.BestPair, 0.8f)]
    [InlineData(ImageSimilarity.MeanPooledCosine, 0.31622776f)] // cos((-0.2, 0.4), (0.5, 0.5))
    public void ImageToImage_computes_each_similarity_as_documented(ImageSimilarity kind, float expected)
    {
        Assert.Equal(expected, EmbeddingSimilarity.ImageToImage(Photo, Item, kind), Tolerance);
    }

    [Fact]
    public void MeanOfBestMatches_averages_over_the_photo_rows_so_it_is_not_symmetric()
    {
        // Item as the photo: (max(0.6, -1) + max(0.8, 0)) / 2.
        Assert.Equal(0.7f, EmbeddingSimilarity.ImageToImage(Item, Photo, ImageSimilarity.MeanOfBestMatches), Tolerance);
    }

    [Fact]
    public void MeanPool_returns_the_normalised_mean_row()
    {
        var pooled = EmbeddingSimilarity.MeanPool(Photo);

        Assert.Equal(-0.4472136f, pooled[0], Tolerance);
        Assert.Equal(0.8944272f, pooled[1], Tolerance);
    }

    [Fact]
    public void Mismatched_dimensions_throw_ArgumentException()
    {
        var wide = new ImageEmbedding(new float[] { 1, 0, 0 }, 1);

        Assert.Throws<ArgumentException>(() => EmbeddingSimilarity.TextToImage(Text, wide));
        Assert.Throws<ArgumentException>(() => EmbeddingSimilarity.ImageToImage(Photo, wide));
        Assert.Throws<ArgumentException>(() => EmbeddingSimilarity.MaxDot(new float[] { 1, 0, 0 }, new float[] { 1, 0 }, 2));
        Assert.Throws<ArgumentException>(() => EmbeddingSimilarity.MaxDot(new float[] { 1, 0 }, new float[] { 1, 0, 0 }, 2));
    }
}
