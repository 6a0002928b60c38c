namespace FashionSearch.Web.Options;

/// <summary>The web app's own settings (section <c>FashionSearchWeb</c>); the library's are under <c>MultimodalSearch</c>.</summary>
internal sealed class WebAppOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FashionSearchWeb";

    /// <summary>Gets or sets the largest photo accepted, in bytes (default 10 MiB).</summary>
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets or sets the longest conversation JSON accepted from a client, in bytes (the library bounds its turns).</summary>
    public int MaxConversationBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets whether an empty catalog is filled with the bundled demo catalog at startup.</summary>
    public bool IndexDemoCatalog { get; set; } = true;

    /// <summary>Gets or sets the catalog indexed at startup when the store is empty; empty means the bundled demo catalog.</summary>
    public string? CatalogDirectory { get; set; }

    /// <summary>Gets or sets the limit for one API request, streams included (a 504 after it).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Gets the per-client rate limit.</summary>
    public RateLimitSettings RateLimit { get; } = new();

    /// <summary>Gets the bounds of the uploaded-photo cache.</summary>
    public UploadSettings Uploads { get; } = new();

    /// <summary>Gets the thumbnail settings.</summary>
    public ThumbnailSettings Thumbnails { get; } = new();

    /// <summary>Gets the telemetry exporter settings.</summary>
    public TelemetrySettings Telemetry { get; } = new();

    /// <summary>Lists what is wrong, each problem naming its key.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IEnumerable<string> GetErrors()
    {
        if (MaxPhotoBytes < 1024)
        {
            yield return $"{SectionName}:MaxPhotoBytes must be at least 1024; got {MaxPhotoBytes}.";
        }

        if (MaxConversationBytes < 1024)
        {
            yield return $"{SectionName}:MaxConversationBytes must be at least 1024; got {MaxConversationBytes}.";
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:RequestTimeout must be positive; got {RequestTimeout}.";
        }

        if (RateLimit.PermitsPerMinute < 1 || RateLimit.QueueLimit < 0)
        {
            yield return $"{SectionName}:RateLimit:PermitsPerMinute must be at least 1 and QueueLimit at least 0; got {RateLimit.PermitsPerMinute} and {RateLimit.QueueLimit}.";
        }

        if (Uploads.MaxCount < 1 || Uploads.MaxTotalBytes < MaxPhotoBytes || Uploads.Expiry <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:Uploads needs MaxCount >= 1, MaxTotalBytes >= MaxPhotoBytes and a positive Expiry; got {Uploads.MaxCount}, {Uploads.MaxTotalBytes}, {Uploads.Expiry}.";
        }

        if (Thumbnails.MaxSide is < 16 or > 2048 || Thumbnails.CacheBytes < 0)
        {
            yield return $"{SectionName}:Thumbnails:MaxSide must be 16..2048 and CacheBytes at least 0; got {Thumbnails.MaxSide} and {Thumbnails.CacheBytes}.";
        }

        if (!Enum.IsDefined(Telemetry.Exporter))
        {
            yield return $"{SectionName}:Telemetry:Exporter must be none, console or otlp; got {Telemetry.Exporter}.";
        }
    }
}
