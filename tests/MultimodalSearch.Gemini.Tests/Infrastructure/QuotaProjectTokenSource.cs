using MultimodalSearch.Gemini.Authentication;

namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>A token source whose credential names a quota project, like a user's Application Default Credentials.</summary>
public sealed class QuotaProjectTokenSource(string? quotaProject) : IGeminiAccessTokenSource, IGeminiQuotaProjectSource
{
    public ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default) => ValueTask.FromResult("token-1");

    public ValueTask<string?> GetQuotaProjectAsync(CancellationToken cancellationToken) => ValueTask.FromResult(quotaProject);
}
