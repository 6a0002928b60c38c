namespace MultimodalSearch.Tests.Ingestion;

/// <summary>
/// The real embedder, except that a model call fails (with an <see cref="EmbeddingModelException"/>, or what
/// <c>failure</c> makes) when one of its images' names contains a marker.
/// </summary>
internal sealed class FailingEmbedder(IMultimodalEmbedder inner, string failWhenNameContains, Func<Exception>? failure = null) : IMultimodalEmbedder
{
    public EmbeddingModelInfo Model => inner.Model;

    public Task<IReadOnlyList<TextEmbedding>> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        inner.EmbedTextsAsync(texts, cancellationToken);

    public Task<PreparedImage> PrepareImageAsync(ImageInput image, CancellationToken cancellationToken = default) =>
        inner.PrepareImageAsync(image, cancellationToken);

    public Task<IReadOnlyList<ImageEmbedding>> EmbedPreparedImagesAsync(IReadOnlyList<PreparedImage> images, CancellationToken cancellationToken = default) =>
        images.Any(i => i.Name.Contains(failWhenNameContains, StringComparison.Ordinal))
            ? throw (failure?.Invoke() ?? new EmbeddingModelException($"planted failure for {failWhenNameContains}"))
            : inner.EmbedPreparedImagesAsync(images, cancellationToken);
}
