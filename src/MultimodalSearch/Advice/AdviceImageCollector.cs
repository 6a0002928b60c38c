using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>
/// Picks the images sent to the language-model stylist: the shopper's photo first, then the products taking
/// turns by category (so every category is seen), each shrunk by the <see cref="IImageThumbnailer"/> when one
/// is registered, within <see cref="StylistOptions.MaxImages"/> and <see cref="StylistOptions.MaxImageBytesTotal"/>.
/// </summary>
/// <remarks>
/// An image that cannot be read, is not JPEG/PNG/GIF/WebP, or does not fit the bytes left is skipped (and logged);
/// smaller ones after it may still fit. Item images must be local files; remote URLs are not fetched.
/// </remarks>
internal sealed class AdviceImageCollector
{
    // A file this large is not worth reading for a thumbnail of a few hundred pixels.
    private const long MaxSourceBytes = 32L * 1024 * 1024;

    private readonly StylistOptions _options;
    private readonly IImageThumbnailer? _thumbnailer;
    private readonly ILogger _logger;

    /// <summary>Creates the collector.</summary>
    /// <param name="options">The options.</param>
    /// <param name="thumbnailer">The thumbnailer, or null to send the original bytes.</param>
    /// <param name="logger">The logger.</param>
    public AdviceImageCollector(StylistOptions options, IImageThumbnailer? thumbnailer, ILogger logger)
    {
        _options = options;
        _thumbnailer = thumbnailer;
        _logger = logger;
    }

    /// <summary>Collects the images for a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The images with their captions, photo first.</returns>
    public async Task<IReadOnlyList<AdviceImage>> CollectAsync(StylistRequest request, CancellationToken cancellationToken)
    {
        var images = new List<AdviceImage>();
        var bytesLeft = (long)_options.MaxImageBytesTotal;
        if (request.Photo is not null && _options.MaxImages > 0)
        {
            ReadOnlyMemory<byte>? photo = null;
            try
            {
                photo = await request.Photo.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidImageException ex)
            {
                AdviceLog.PhotoNotSent(_logger, ex.Message);
            }

            if (photo is not null)
            {
                bytesLeft -= await AddAsync(images, "The shopper's photo", request.Photo.Name, photo.Value, bytesLeft, cancellationToken).ConfigureAwait(false);
            }
        }

        var number = 0;
        foreach (var hit in TakeTurns(request))
        {
            number++;
            if (images.Count >= _options.MaxImages)
            {
                break;
            }

            var bytes = await ReadItemImageAsync(hit, bytesLeft, cancellationToken).ConfigureAwait(false);
            if (bytes is { } read)
            {
                var caption = $"Product {number}: {CatalogHitDescription.Name(hit)} ({hit.Category})";
                bytesLeft -= await AddAsync(images, caption, hit.ImageLocation!, read, bytesLeft, cancellationToken).ConfigureAwait(false);
            }
        }

        return images;
    }

    /// <summary>Orders the hits so that categories take turns: the best of each, then the second of each, and so on.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The hits in that order, numbered as the prompt numbers them.</returns>
    public static IEnumerable<CatalogHit> TakeTurns(StylistRequest request)
    {
        var groups = CatalogHitDescription.ByCategory(request.Categories, request.Items);
        var rounds = groups.Select(g => g.Items.Count).DefaultIfEmpty(0).Max();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (_, items) in groups)
            {
                if (round < items.Count)
                {
                    yield return items[round];
                }
            }
        }
    }

    private async Task<long> AddAsync(List<AdviceImage> images, string caption, string name, ReadOnlyMemory<byte> bytes, long bytesLeft, CancellationToken cancellationToken)
    {
        var encoded = bytes;
        var mediaType = ImageSignatures.LanguageModelMediaType(bytes.Span);
        if (_thumbnailer is not null)
        {
            try
            {
                encoded = await _thumbnailer.CreateJpegThumbnailAsync(bytes, _options.ImageMaxSide, cancellationToken).ConfigureAwait(false);
                mediaType = "image/jpeg";
            }
            catch (InvalidImageException ex)
            {
                AdviceLog.ImageNotSent(_logger, name, ex.Message);
                return 0;
            }
        }

        if (mediaType is null)
        {
            AdviceLog.ImageNotSupported(_logger, name);
            return 0;
        }

        if (encoded.Length > bytesLeft)
        {
            AdviceLog.ImageOverBudget(_logger, name, encoded.Length, bytesLeft);
            return 0;
        }

        images.Add(new AdviceImage(caption, new DataContent(encoded, mediaType) { Name = Path.GetFileName(name) }));
        return encoded.Length;
    }

    private async Task<ReadOnlyMemory<byte>?> ReadItemImageAsync(CatalogHit hit, long bytesLeft, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(hit.ImageLocation))
        {
            return null;
        }

        var path = ResolvePath(hit.ImageLocation);
        if (path is null)
        {
            AdviceLog.ImageNotLocal(_logger, hit.ImageLocation, hit.Id);
            return null;
        }

        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxSourceBytes || (_thumbnailer is null && length > bytesLeft))
            {
                AdviceLog.ImageTooLarge(_logger, path, length);
                return null;
            }

            // Regular files only, header first, within the limit (also when the file grows or is a link).
            var limit = _thumbnailer is null ? Math.Min(MaxSourceBytes, bytesLeft) : MaxSourceBytes;
            return limit < 1 ? null : await ImageInput.FromFile(path, new ImageSizeLimit(limit, null)).ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidImageException)
        {
            AdviceLog.ImageUnreadable(_logger, path, hit.Id, ex is InvalidImageException invalid ? invalid.Reason : ex.Message);
            return null;
        }
    }

    private string? ResolvePath(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !Path.IsPathRooted(location))
        {
            return uri.IsFile ? uri.LocalPath : null;
        }

        return Path.IsPathRooted(location) ? location : Path.Combine(_options.ImageBaseDirectory ?? Directory.GetCurrentDirectory(), location);
    }
}
