namespace MultimodalSearch.Gemini.Authentication;

/// <summary>
/// A token source whose credential names the project to bill (a user's Application Default Credentials carry
/// <c>quota_project_id</c>): Vertex AI needs it in <c>x-goog-user-project</c>, as go-genai sends it, because a
/// user credential belongs to no project of its own.
/// </summary>
internal interface IGeminiQuotaProjectSource
{
    /// <summary>Gets the credential's quota project, or <see langword="null"/> when it has none.</summary>
    ValueTask<string?> GetQuotaProjectAsync(CancellationToken cancellationToken);
}
