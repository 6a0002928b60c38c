using Microsoft.Extensions.AI;

namespace MultimodalSearch;

/// <summary>The <c>GetService</c> answers shared by the embedding generator adapters.</summary>
internal static class EmbeddingGeneratorServices
{
    public static object? Get(object generator, IMultimodalEmbedder embedder, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return metadata;
        }

        if (serviceType.IsInstanceOfType(generator))
        {
            return generator;
        }

        return serviceType.IsInstanceOfType(embedder) ? embedder : null;
    }
}
