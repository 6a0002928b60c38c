using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FashionSearch.Web.Api;
using FashionSearch.Web.Hosting;
using FashionSearch.Web.Options;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MultimodalSearch;

namespace FashionSearch.Web.Images;

/// <summary>
/// Thumbnails of catalog items, found by id only: the image path comes from the catalog, never from the client. Each is
/// made once with the library's <see cref="IImageThumbnailer"/> (which checks the image before decoding it) and kept in
/// a bounded memory cache; its ETag changes when the item's image changes.
/// </summary>
internal sealed class ItemThumbnails : IDisposable
{
    // Catalog images larger than this are not read for a thumbnail.
    private const long MaxSourceBytes = 64L * 1024 * 1024;

    private readonly ICatalogStore _store;
    private readonly IImageThumbnailer _thumbnailer;
    private readonly ThumbnailSettings _settings;
    private readonly MemoryCache _cache;
    private readonly ILogger _logger;

    public ItemThumbnails(ICatalogStore store, IImageThumbnailer thumbnailer, IOptions<WebAppOptions> options, ILogger<ItemThumbnails> logger)
    {
        _store = store;
        _thumbnailer = thumbnailer;
        _settings = options.Value.Thumbnails;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _settings.CacheBytes) });
        _logger = logger;
    }

    /// <summary>Gets the thumbnail of an item.</summary>
    /// <param name="id">A well-formed item id.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The thumbnail.</returns>
    /// <exception cref="ApiException">No such item (404), or its image cannot be served (404).</exception>
    public async Task<Thumbnail> GetAsync(string id, CancellationToken cancellationToken)
    {
        var item = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(StatusCodes.Status404NotFound, "No such item", $"The catalog has no item '{id}'.");
        if (item.ImageLocation is not { Length: > 0 } location)
        {
            throw Unavailable(id, "the item has no image");
        }

        var file = new FileInfo(location);
        if (!File.Exists(location))
        {
            throw Unavailable(id, "the image file is missing");
        }

        var version = item.ContentHash ?? string.Create(CultureInfo.InvariantCulture, $"{file.LastWriteTimeUtc.Ticks}");
        var key = string.Create(CultureInfo.InvariantCulture, $"{id}\n{version}\n{_settings.MaxSide}");
        if (_cache.TryGetValue(key, out Thumbnail? cached) && cached is not null)
        {
            return cached;
        }

        ReadOnlyMemory<byte> jpeg;
        try
        {
            // Regular files only (links followed), header first, within the limit: the library's bounded read.
            var bytes = await ImageInput.FromFile(file.FullName, MaxSourceBytes).ReadAsync(cancellationToken).ConfigureAwait(false);
            jpeg = await _thumbnailer.CreateJpegThumbnailAsync(bytes, _settings.MaxSide, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidImageException ex)
        {
            throw Unavailable(id, ex.Reason);
        }

        var etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 12) + "\"";
        var thumbnail = new Thumbnail(jpeg, etag);
        if (_settings.CacheBytes > 0)
        {
            _cache.Set(key, thumbnail, new MemoryCacheEntryOptions { Size = jpeg.Length + 256 });
        }

        return thumbnail;
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private ApiException Unavailable(string id, string reason)
    {
        WebLog.ItemImageUnavailable(_logger, id, reason);
        return new ApiException(StatusCodes.Status404NotFound, "No image", $"The image of item '{id}' is not available.");
    }
}
