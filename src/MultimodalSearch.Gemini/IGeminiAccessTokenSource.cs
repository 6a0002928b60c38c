namespace MultimodalSearch.Gemini;

/// <summary>
/// Supplies OAuth 2.0 access tokens for Vertex AI (sent as <c>Authorization: Bearer</c>). The default
/// implementation uses Google Application Default Credentials or a service-account file; supply your own
/// to use another identity source.
/// </summary>
/// <remarks>Implementations must be thread-safe: one client calls them from concurrent requests.</remarks>
public interface IGeminiAccessTokenSource
{
    /// <summary>Gets an access token, normally from a cache.</summary>
    /// <param name="forceRefresh">
    /// <see langword="true"/> when the server rejected the previous token (HTTP 401): the source must not
    /// return the cached token again.
    /// </param>
    /// <param name="cancellationToken">Cancels the token request.</param>
    /// <returns>The bearer token, without the <c>Bearer</c> prefix.</returns>
    /// <exception cref="GeminiException">No credentials are available or the token request failed.</exception>
    ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default);
}
