using Microsoft.Extensions.AI;

namespace MultimodalSearch;

/// <summary>
/// An <see cref="IMultimodalEmbedder"/>'s image encoder as a Microsoft.Extensions.AI embedding generator,
/// pooling each image's query vectors into one vector with <see cref="EmbeddingSimilarity.MeanPool(ImageEmbedding)"/>.
/// </summary>
internal sealed class ImageEmbeddingGenerator(IMultimodalEmbedder embedder) : IEmbeddingGenerator<DataContent, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("MultimodalSearch", null, embedder.Model.Name, embedder.Model.Dimensions);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<DataContent> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.Select((content, index) =>
        {
            ArgumentNullException.ThrowIfNull(content);
            return ImageInput.FromBytes(content.Data, content.Name ?? $"image {index}");
        }).ToList();
        var embeddings = await embedder.EmbedImagesAsync(inputs, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(
            embeddings.Select(e => new Embedding<float>(EmbeddingSimilarity.MeanPool(e)) { ModelId = embedder.Model.Name, CreatedAt = now }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => EmbeddingGeneratorServices.Get(this, embedder, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        // The embedder is owned by whoever created it.
    }
}
