using Google.Apis.Auth.OAuth2;

namespace MultimodalSearch.Gemini.Authentication;

/// <summary>
/// Access tokens from Google.Apis.Auth: a service-account key file when one is configured, otherwise
/// Application Default Credentials. The credential is loaded on first use (so a misconfigured machine
/// fails on the first call, not at startup) and caches and refreshes its token itself.
/// </summary>
internal sealed class GoogleCredentialAccessTokenSource : IGeminiAccessTokenSource, IGeminiQuotaProjectSource
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly string? _credentialsFile;
    private readonly object _gate = new();
    private Task<GoogleCredential>? _credential;

    public GoogleCredentialAccessTokenSource(string? credentialsFile)
    {
        _credentialsFile = string.IsNullOrWhiteSpace(credentialsFile) ? null : credentialsFile;
    }

    public async ValueTask<string> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken = default)
    {
        var credential = await GetCredentialAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (forceRefresh)
            {
                switch (credential.UnderlyingCredential)
                {
                    case ServiceCredential service:
                        await service.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                        return service.Token.AccessToken;
                    case UserCredential user:
                        await user.RefreshTokenAsync(cancellationToken).ConfigureAwait(false);
                        return user.Token.AccessToken;
                }
            }

            return await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(authUri: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not GeminiException)
        {
            throw new GeminiException($"Could not get a Google access token for Vertex AI: {ex.Message}", innerException: ex);
        }
    }

    public async ValueTask<string?> GetQuotaProjectAsync(CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(credential.QuotaProject) ? null : credential.QuotaProject;
    }

    private Task<GoogleCredential> GetCredentialAsync()
    {
        lock (_gate)
        {
            // A failed load is not cached: credentials may appear later (gcloud login, a mounted secret).
            if (_credential is null || _credential.IsFaulted || _credential.IsCanceled)
            {
                _credential = LoadAsync();
            }

            return _credential;
        }
    }

    private async Task<GoogleCredential> LoadAsync()
    {
        GoogleCredential credential;
        try
        {
            credential = _credentialsFile is null
                ? await GoogleCredential.GetApplicationDefaultAsync().ConfigureAwait(false)
                : await CredentialFactory.FromFileAsync(_credentialsFile, JsonCredentialParameters.ServiceAccountCredentialType, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var source = _credentialsFile is null
                ? "Application Default Credentials (set GOOGLE_APPLICATION_CREDENTIALS, run 'gcloud auth application-default login', or set MultimodalSearch:Gemini:CredentialsFile)"
                : $"the service-account file '{_credentialsFile}'";
            throw new GeminiException($"Could not load Google credentials for Vertex AI from {source}: {ex.Message}", innerException: ex);
        }

        return credential.IsCreateScopedRequired ? credential.CreateScoped(CloudPlatformScope) : credential;
    }
}
