using System.Globalization;

namespace MultimodalSearch.Gemini;

/// <summary>
/// Settings of <see cref="GeminiChatClient"/>, bound from the <c>MultimodalSearch:Gemini</c> configuration
/// section. Set <see cref="ApiKey"/> for the Gemini API, or <see cref="Project"/> (and optionally
/// <see cref="Location"/>) for Vertex AI; setting both or neither is an error.
/// </summary>
public sealed class GeminiClientOptions
{
    /// <summary>The configuration section name under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Gemini";

    /// <summary>The model used when neither the options nor <c>ChatOptions.ModelId</c> name one.</summary>
    public const string DefaultModel = "gemini-3.5-flash";

    /// <summary>
    /// Gets or sets the Gemini API key (sent as the <c>x-goog-api-key</c> header). When neither this nor
    /// <see cref="Project"/> is configured, the dependency-injection extensions read <c>GOOGLE_API_KEY</c>,
    /// then <c>GEMINI_API_KEY</c>, from the environment.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the Google Cloud project id; setting it selects Vertex AI.</summary>
    public string? Project { get; set; }

    /// <summary>
    /// Gets or sets the Vertex AI location, for example <c>us-central1</c>; <c>global</c> (the default) uses
    /// the global endpoint <c>aiplatform.googleapis.com</c>. Ignored for the Gemini API.
    /// </summary>
    public string Location { get; set; } = "global";

    /// <summary>
    /// Gets or sets a service-account JSON key file for Vertex AI. When unset, Application Default
    /// Credentials are used (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, <c>gcloud auth application-default login</c>,
    /// or the metadata server). Ignored when an <see cref="IGeminiAccessTokenSource"/> is supplied.
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// Gets or sets the API version in the request path. Unset (the default) means what Google's own SDKs use:
    /// <c>v1beta</c> for the Gemini API and <c>v1beta1</c> for Vertex AI. Vertex AI <c>v1</c> also works; it has no
    /// function-call ids, so the client leaves them out there and Gemini pairs calls and results by order.
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// Gets or sets the project Vertex AI bills and checks quota against, sent as <c>x-goog-user-project</c>.
    /// Unset, the credential's own quota project is used when it has one (<c>gcloud auth application-default
    /// login</c> writes it as <c>quota_project_id</c>); user credentials need one, service accounts bill their own project.
    /// </summary>
    public string? QuotaProject { get; set; }

    /// <summary>Gets or sets the model id, for example <c>gemini-3.5-flash</c>. Defaults to <see cref="DefaultModel"/>.</summary>
    public string Model { get; set; } = DefaultModel;

    /// <summary>
    /// Gets or sets a base URI that replaces the backend's scheme and host (for proxies, private endpoints
    /// and tests); the path stays the same, so requests go to
    /// <c>{Endpoint}/v1beta/models/{model}:generateContent</c> (Gemini API) or
    /// <c>{Endpoint}/v1/projects/...</c> (Vertex AI).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets how long one HTTP attempt may take: until the whole response for
    /// <c>GetResponseAsync</c>, until the response headers and then between two stream chunks for
    /// <c>GetStreamingResponseAsync</c>. Defaults to 2 minutes, which leaves room for long generations.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many times a failed attempt is retried (timeouts, network errors, 408, 429, 500, 503,
    /// 504). Defaults to 3; 0 disables retries. A 401 token refresh does not count.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Gets or sets the first backoff delay when Google gives no <c>retryDelay</c>; it doubles per retry,
    /// with jitter. Defaults to 1 second.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the longest wait before a retry. When Google asks for a longer <c>retryDelay</c> (a
    /// exhausted daily quota, say) the client fails at once with <see cref="GeminiException.RetryAfter"/> set,
    /// instead of blocking the caller. Defaults to 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the total retry budget of one call: a retry is made only if its wait ends within this time
    /// after the call started. It bounds how long a caller waits on a failing Gemini before it can fall back
    /// (an interactive request should not hang on retries); a <c>retryDelay</c> from Google that does not fit
    /// fails the call at once with <see cref="GeminiException.RetryAfter"/> set. Defaults to 3 seconds; raise it
    /// for batch work that would rather wait.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets or sets how long the client stops calling Gemini after two attempts in a row got no answer
    /// (connection refused, DNS failure, connect or request timeout, 502, 504): calls fail at once with a
    /// transient <see cref="GeminiException"/> until then, and one trial call decides whether to close the circuit.
    /// Defaults to 30 seconds; <see cref="TimeSpan.Zero"/> turns the circuit breaker off.
    /// </summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long opening a connection (TCP and TLS) may take, for the HTTP client this package creates
    /// (the dependency-injection registration, or a <see cref="GeminiChatClient"/> built without one). Without it an
    /// unreachable host can hold an attempt for the whole <see cref="RequestTimeout"/>. Defaults to 3 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets or sets the most inline data (<c>DataContent</c> bytes) one request may carry. A larger request is
    /// refused before it is sent, with an <see cref="ArgumentException"/> that suggests sending the file by URI.
    /// Defaults to 20 MB, the Gemini API's documented limit for inline data.
    /// </summary>
    public long MaxInlineDataBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Gets the safety settings sent with every request (empty: Google's defaults).</summary>
    public IList<GeminiSafetySetting> SafetySettings { get; } = new List<GeminiSafetySetting>();

    /// <summary>Describes the options without secrets: the API key is shown only as set or not set.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Gemini {(string.IsNullOrEmpty(Project) ? "API" : $"Vertex AI (project {Project}, location {Location})")}, model {Model}, api key {(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")}, endpoint {Endpoint?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) ?? "default"}, timeout {RequestTimeout}, retries {MaxRetries} within {RetryBudget}");
}
