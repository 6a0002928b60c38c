namespace FashionSearch.Web.Options;

/// <summary>Bounds of the server-side cache of uploaded photos (kept so that follow-ups can refer to them).</summary>
internal sealed class UploadSettings
{
    /// <summary>Gets or sets the most photos kept; the oldest goes first.</summary>
    public int MaxCount { get; set; } = 256;

    /// <summary>Gets or sets the most bytes kept in all.</summary>
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Gets or sets how long a photo is kept after its upload.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(30);
}
