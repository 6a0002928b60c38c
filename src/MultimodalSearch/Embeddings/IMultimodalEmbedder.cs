namespace MultimodalSearch;

/// <summary>
/// Embeds texts and images into one shared space: a text becomes one vector, an image a set of
/// query vectors (<see cref="ImageEmbedding"/>), scored against each other with
/// <see cref="EmbeddingSimilarity"/>.
/// </summary>
/// <remarks>
/// Implementations are thread-safe: any number of callers may embed concurrently, and batches are
/// embedded together where the model allows. Results are returned in the order of the inputs.
/// </remarks>
public interface IMultimodalEmbedder
{
    /// <summary>Gets what the model produces (dimensions, query vectors, text length).</summary>
    EmbeddingModelInfo Model { get; }

    /// <summary>Embeds a batch of texts. Texts longer than <see cref="EmbeddingModelInfo.MaxTextTokens"/> are truncated.</summary>
    /// <param name="texts">The texts; an empty text is valid.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One embedding per text, in order.</returns>
    /// <exception cref="EmbeddingModelException">The model failed.</exception>
    Task<IReadOnlyList<TextEmbedding>> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>Decodes and preprocesses one image into the model's input, without running the model.</summary>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The prepared image.</returns>
    /// <exception cref="InvalidImageException">The image cannot be read, is not a supported image, is corrupt, or is too large.</exception>
    Task<PreparedImage> PrepareImageAsync(ImageInput image, CancellationToken cancellationToken = default);

    /// <summary>Runs the model on a batch of prepared images.</summary>
    /// <param name="images">Images from <see cref="PrepareImageAsync(ImageInput, CancellationToken)"/> of this embedder.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One embedding per image, in order.</returns>
    /// <exception cref="EmbeddingModelException">The model failed.</exception>
    Task<IReadOnlyList<ImageEmbedding>> EmbedPreparedImagesAsync(IReadOnlyList<PreparedImage> images, CancellationToken cancellationToken = default);
}
