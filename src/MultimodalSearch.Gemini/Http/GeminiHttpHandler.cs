namespace MultimodalSearch.Gemini.Http;

/// <summary>The primary handler of the HTTP clients this package creates.</summary>
internal static class GeminiHttpHandler
{
    /// <summary>
    /// A handler that recycles connections (DNS changes reach a long-lived singleton) and gives up on a
    /// connection that cannot be opened within <see cref="GeminiClientOptions.ConnectTimeout"/>.
    /// </summary>
    public static SocketsHttpHandler Create(GeminiClientOptions options) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.ConnectTimeout,
    };
}
