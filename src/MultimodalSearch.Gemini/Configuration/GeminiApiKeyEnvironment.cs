namespace MultimodalSearch.Gemini.Configuration;

/// <summary>
/// Fills <see cref="GeminiClientOptions.ApiKey"/> from the environment variables Google's own SDKs read,
/// when the configuration chose no backend.
/// </summary>
internal static class GeminiApiKeyEnvironment
{
    // Google's SDKs prefer GOOGLE_API_KEY when both are set; doing the same avoids surprises for users of both.
    internal static readonly string[] VariableNames = ["GOOGLE_API_KEY", "GEMINI_API_KEY"];

    /// <summary>Applies the fallback; <paramref name="getVariable"/> is injectable so tests need not touch the process environment.</summary>
    internal static void Apply(GeminiClientOptions options, Func<string, string?> getVariable)
    {
        if (!string.IsNullOrWhiteSpace(options.ApiKey) || !string.IsNullOrWhiteSpace(options.Project))
        {
            return;
        }

        foreach (var name in VariableNames)
        {
            var value = getVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                options.ApiKey = value.Trim();
                return;
            }
        }
    }
}
