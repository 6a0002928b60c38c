using Microsoft.Extensions.AI;

namespace MultimodalSearch.Blip2.Tests;

[Collection(Blip2Collection.Name)]
public sealed class EmbeddingGeneratorAdapterTests(Blip2EmbedderFixture models)
{
    [Fact]
    public async Task Text_generator_returns_the_embedders_text_vectors_in_order()
    {
        using var generator = models.Demo.AsTextEmbeddingGenerator();
        string[] texts = ["black pants", "a red t-shirt", ""];

        var generated = await generator.GenerateAsync(texts);
        var direct = await models.Demo.EmbedTextsAsync(texts);

        Assert.Equal(3, generated.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(direct[i].Vector.ToArray(), generated[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Image_generator_returns_the_mean_pooled_unit_vector()
    {
        using var generator = models.Demo.AsImageEmbeddingGenerator();
        var path = TinyReference.Instance.ImagePath(0);
        var content = new DataContent(await File.ReadAllBytesAsync(path), "image/png");

        var generated = await generator.GenerateAsync([content]);
        var direct = await models.Demo.EmbedImageAsync(ImageInput.FromFile(path));

        var pooled = EmbeddingSimilarity.MeanPool(direct);
        Assert.Equal(256, generated[0].Vector.Length);
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(generated[0].Vector.Span), 1e-4f);
        Assert.Equal(pooled, generated[0].Vector.ToArray());
    }

    [Fact]
    public void Generators_describe_the_model_through_GetService()
    {
        using var generator = models.Demo.AsTextEmbeddingGenerator();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(256, metadata.DefaultModelDimensions);
        Assert.Same(models.Demo, generator.GetService<IMultimodalEmbedder>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("some key"));
    }

    [Fact]
    public async Task An_invalid_image_fails_with_its_name()
    {
        using var generator = models.Demo.AsImageEmbeddingGenerator();
        var content = new DataContent("data:image/png;base64,AAAA") { Name = "broken.png" };

        var ex = await Assert.ThrowsAsync<InvalidImageException>(() => generator.GenerateAsync([content]));

        Assert.Equal("broken.png", ex.ImageName);
    }
}
