namespace FashionSearch.Web.Options;

/// <summary>Product thumbnails served by <c>GET /api/items/{id}/image</c>.</summary>
internal sealed class ThumbnailSettings
{
    /// <summary>Gets or sets the longest side of a thumbnail, in pixels.</summary>
    public int MaxSide { get; set; } = 384;

    /// <summary>Gets or sets the bytes of thumbnails kept in memory (0: none).</summary>
    public long CacheBytes { get; set; } = 32L * 1024 * 1024;
}
