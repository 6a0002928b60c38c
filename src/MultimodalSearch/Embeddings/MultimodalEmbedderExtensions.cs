namespace MultimodalSearch;

/// <summary>Convenience methods over <see cref="IMultimodalEmbedder"/>.</summary>
public static class MultimodalEmbedderExtensions
{
    /// <summary>Embeds one text.</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The embedding.</returns>
    public static async Task<TextEmbedding> EmbedTextAsync(this IMultimodalEmbedder embedder, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(text);
        var result = await embedder.EmbedTextsAsync([text], cancellationToken).ConfigureAwait(false);
        return result[0];
    }

    /// <summary>Prepares and embeds a batch of images.</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="images">The images.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One embedding per image, in order.</returns>
    /// <exception cref="InvalidImageException">One of the images cannot be used.</exception>
    public static async Task<IReadOnlyList<ImageEmbedding>> EmbedImagesAsync(this IMultimodalEmbedder embedder, IReadOnlyList<ImageInput> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(images);
        var prepared = new PreparedImage[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            prepared[i] = await embedder.PrepareImageAsync(images[i], cancellationToken).ConfigureAwait(false);
        }

        return await embedder.EmbedPreparedImagesAsync(prepared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares and embeds one image.</summary>
    /// <param name="embedder">The embedder.</param>
    /// <param name="image">The image.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The embedding.</returns>
    /// <exception cref="InvalidImageException">The image cannot be used.</exception>
    public static async Task<ImageEmbedding> EmbedImageAsync(this IMultimodalEmbedder embedder, ImageInput image, CancellationToken cancellationToken = default)
    {
        var result = await embedder.EmbedImagesAsync([image], cancellationToken).ConfigureAwait(false);
        return result[0];
    }
}
