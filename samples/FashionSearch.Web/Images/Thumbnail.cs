namespace FashionSearch.Web.Images;

/// <summary>A product thumbnail: JPEG bytes and their entity tag.</summary>
/// <param name="Jpeg">The JPEG.</param>
/// <param name="ETag">The quoted entity tag.</param>
internal sealed record Thumbnail(ReadOnlyMemory<byte> Jpeg, string ETag);
