namespace MultimodalSearch;

/// <summary>
/// Shrinks an image to a small JPEG, so that product photos sent to a language model stay within its byte
/// budget. The core has no image codec; the BLIP-2 package (which decodes images anyway) provides one.
/// Without a thumbnailer the stylist attaches the original files that fit the budget and skips the rest.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IImageThumbnailer
{
    /// <summary>Decodes an image and re-encodes it as a JPEG whose longer side is at most <paramref name="maxSide"/> pixels.</summary>
    /// <param name="image">The encoded image (JPEG, PNG, WebP, GIF, BMP).</param>
    /// <param name="maxSide">The longest side of the result, in pixels; smaller images are not enlarged.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The JPEG bytes.</returns>
    /// <exception cref="InvalidImageException">The bytes are not an image that can be decoded.</exception>
    Task<ReadOnlyMemory<byte>> CreateJpegThumbnailAsync(ReadOnlyMemory<byte> image, int maxSide, CancellationToken cancellationToken = default);
}
