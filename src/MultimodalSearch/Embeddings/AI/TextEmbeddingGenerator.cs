using Microsoft.Extensions.AI;

namespace MultimodalSearch;

/// <summary>An <see cref="IMultimodalEmbedder"/>'s text encoder as a Microsoft.Extensions.AI embedding generator.</summary>
internal sealed class TextEmbeddingGenerator(IMultimodalEmbedder embedder) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("MultimodalSearch", null, embedder.Model.Name, embedder.Model.Dimensions);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var embeddings = await embedder.EmbedTextsAsync(texts, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(
            embeddings.Select(e => new Embedding<float>(e.Vector) { ModelId = embedder.Model.Name, CreatedAt = now }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => EmbeddingGeneratorServices.Get(this, embedder, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        // The embedder is owned by whoever created it.
    }
}
