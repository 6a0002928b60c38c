using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MultimodalSearch.Gemini.Configuration;

/// <summary>
/// Checks <see cref="GeminiClientOptions"/> before the first request, so that a wrong configuration fails at
/// startup with a message that names the setting, not later as an HTTP error.
/// </summary>
internal sealed partial class GeminiClientOptionsValidator : IValidateOptions<GeminiClientOptions>
{
    private const string Prefix = "MultimodalSearch:Gemini:";

    public ValidateOptionsResult Validate(string? name, GeminiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns one message per problem; empty when the options are usable.</summary>
    internal static List<string> GetErrors(GeminiClientOptions options)
    {
        var errors = new List<string>();
        var hasKey = !string.IsNullOrWhiteSpace(options.ApiKey);
        var hasProject = !string.IsNullOrWhiteSpace(options.Project);
        if (hasKey == hasProject)
        {
            errors.Add(hasKey
                ? $"Both {Prefix}ApiKey and {Prefix}Project are set: set ApiKey for the Gemini API or Project (+ Location) for Vertex AI, not both."
                : $"Gemini is not configured: set {Prefix}ApiKey (or the GEMINI_API_KEY environment variable) for the Gemini API, or {Prefix}Project (+ Location) for Vertex AI.");
        }

        if (hasProject)
        {
            if (!ResourceId().IsMatch(options.Project!))
            {
                errors.Add($"{Prefix}Project '{options.Project}' is not a Google Cloud project id (letters, digits, '-', '.', ':').");
            }

            if (string.IsNullOrWhiteSpace(options.Location) || !LocationId().IsMatch(options.Location))
            {
                errors.Add($"{Prefix}Location '{options.Location}' is not a Vertex AI location such as 'global' or 'us-central1'.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.CredentialsFile))
        {
            errors.Add($"{Prefix}CredentialsFile is only used with Vertex AI: set {Prefix}Project too, or remove it.");
        }
        else if (!string.IsNullOrWhiteSpace(options.QuotaProject))
        {
            errors.Add($"{Prefix}QuotaProject is only used with Vertex AI: set {Prefix}Project too, or remove it.");
        }

        if (!string.IsNullOrWhiteSpace(options.QuotaProject) && !ResourceId().IsMatch(options.QuotaProject.Trim()))
        {
            errors.Add($"{Prefix}QuotaProject '{options.QuotaProject}' is not a Google Cloud project id.");
        }

        if (!IsValidModelId(options.Model))
        {
            errors.Add($"{Prefix}Model '{options.Model}' is not a model id such as '{GeminiClientOptions.DefaultModel}'.");
        }

        if (options.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo)))
        {
            errors.Add($"{Prefix}Endpoint must be an absolute http(s) base URI without query, fragment or user info, for example 'https://my-proxy.example.com'.");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiVersion) && !ApiVersionId().IsMatch(options.ApiVersion.Trim()))
        {
            errors.Add($"{Prefix}ApiVersion '{options.ApiVersion}' is not an API version such as 'v1beta' or 'v1'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{Prefix}RequestTimeout must be positive (it is {options.RequestTimeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{Prefix}MaxRetries must be between 0 and 10 (it is {options.MaxRetries}).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}RetryBaseDelay and {Prefix}MaxRetryDelay must not be negative.");
        }

        if (options.RetryBudget < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}RetryBudget must not be negative (it is {options.RetryBudget}).");
        }

        if (options.CircuitBreakDuration != TimeSpan.Zero && (options.CircuitBreakDuration < TimeSpan.FromMilliseconds(500) || options.CircuitBreakDuration > TimeSpan.FromDays(1)))
        {
            errors.Add($"{Prefix}CircuitBreakDuration must be 0 (off) or between 0.5 seconds and 1 day (it is {options.CircuitBreakDuration}).");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero && options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{Prefix}ConnectTimeout must be positive (it is {options.ConnectTimeout}).");
        }

        if (options.MaxInlineDataBytes <= 0)
        {
            errors.Add($"{Prefix}MaxInlineDataBytes must be positive (it is {options.MaxInlineDataBytes}).");
        }

        for (var i = 0; i < options.SafetySettings.Count; i++)
        {
            var setting = options.SafetySettings[i];
            if (setting is null || string.IsNullOrWhiteSpace(setting.Category) || string.IsNullOrWhiteSpace(setting.Threshold))
            {
                errors.Add($"{Prefix}SafetySettings:{i} needs both a Category and a Threshold.");
            }
        }

        return errors;
    }

    /// <summary>Whether <paramref name="model"/> can go into a request path as it is (no escaping, no "..").</summary>
    internal static bool IsValidModelId(string? model) =>
        !string.IsNullOrWhiteSpace(model) && ModelId().IsMatch(model) && !model.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.:-]*$")]
    private static partial Regex ResourceId();

    [GeneratedRegex("^v[0-9]+((alpha|beta)[0-9]*)?$")]
    private static partial Regex ApiVersionId();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex LocationId();

    // Model ids may be resource paths ("tunedModels/x", "publishers/google/models/y", "projects/.../endpoints/z").
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@/-]*$")]
    private static partial Regex ModelId();
}
