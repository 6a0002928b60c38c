namespace FashionSearch.Web.Options;

/// <summary>Per-client rate limit of the API (a token bucket per remote address).</summary>
internal sealed class RateLimitSettings
{
    /// <summary>Gets or sets the requests one client may make per minute (the bucket refills evenly).</summary>
    public int PermitsPerMinute { get; set; } = 120;

    /// <summary>Gets or sets how many requests over the limit wait instead of getting a 429.</summary>
    public int QueueLimit { get; set; }
}
