using MultimodalSearch.Gemini.Configuration;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Builds request URIs for the chosen backend: the Gemini API
/// (<c>/v1beta/models/{model}:generateContent</c>) or Vertex AI
/// (<c>/v1beta1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent</c>,
/// the version Google's own SDKs use; <see cref="GeminiClientOptions.ApiVersion"/> can choose <c>v1</c>), and
/// says which request fields that version has.
/// </summary>
internal sealed class GeminiEndpoint
{
    private const string GeminiApiHost = "https://generativelanguage.googleapis.com";

    /// <summary>The Gemini API version, as in Google's SDKs.</summary>
    internal const string GeminiApiDefaultVersion = "v1beta";

    /// <summary>The Vertex AI version Google's SDKs use: unlike <c>v1</c>, it has function-call ids.</summary>
    internal const string VertexDefaultVersion = "v1beta1";

    private readonly string _baseUri;
    private readonly string? _project;
    private readonly string _location;

    public GeminiEndpoint(GeminiClientOptions options)
    {
        IsVertexAi = !string.IsNullOrWhiteSpace(options.Project);
        _project = options.Project?.Trim();
        _location = options.Location.Trim();
        ApiVersion = string.IsNullOrWhiteSpace(options.ApiVersion)
            ? IsVertexAi ? VertexDefaultVersion : GeminiApiDefaultVersion
            : options.ApiVersion.Trim();
        _baseUri = options.Endpoint is { } endpoint
            ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
            : IsVertexAi ? VertexHost(_location) : GeminiApiHost;
        ProviderUri = new Uri(_baseUri + "/");
    }

    /// <summary>Gets a value indicating whether requests go to Vertex AI (OAuth) rather than the Gemini API (API key).</summary>
    public bool IsVertexAi { get; }

    /// <summary>Gets the API version in the request path, for example <c>v1beta1</c>.</summary>
    public string ApiVersion { get; }

    /// <summary>
    /// Gets a value indicating whether <c>functionCall.id</c> and <c>functionResponse.id</c> exist in this
    /// API version: Vertex AI <c>v1</c> rejects them ("Unknown name"); <c>v1beta1</c> and the Gemini API have them.
    /// </summary>
    public bool HasFunctionCallIds => !(IsVertexAi && ApiVersion == "v1");

    /// <summary>Gets a value indicating whether <c>thinkingConfig.thinkingLevel</c> exists: in Google's protos only Vertex AI <c>v1</c> has it.</summary>
    public bool HasThinkingLevel => IsVertexAi && ApiVersion == "v1";

    /// <summary>Gets the OpenTelemetry provider name (<c>gen_ai.provider.name</c>) of the backend.</summary>
    public string ProviderName => IsVertexAi ? "gcp.vertex_ai" : "gcp.gemini";

    /// <summary>Gets the scheme, host and base path requests are sent to.</summary>
    public Uri ProviderUri { get; }

    /// <summary>Returns the URI of <c>generateContent</c>, or of <c>streamGenerateContent</c> in SSE mode.</summary>
    /// <exception cref="ArgumentException"><paramref name="model"/> is not a model id.</exception>
    public Uri GetRequestUri(string model, bool streaming)
    {
        if (!GeminiClientOptionsValidator.IsValidModelId(model))
        {
            throw new ArgumentException($"'{model}' is not a Gemini model id such as '{GeminiClientOptions.DefaultModel}'.", nameof(model));
        }

        // Without alt=sse the streaming method returns one JSON array at the end instead of events.
        var method = streaming ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new Uri(_baseUri + ModelPath(model) + method);
    }

    /// <summary>
    /// Maps a location to its host: <c>global</c> has no regional prefix, the multi-regions <c>us</c> and
    /// <c>eu</c> have their own "rep" hosts (as in go-genai and js-genai), any other region is a prefix.
    /// </summary>
    internal static string VertexHost(string location) => location switch
    {
        "global" => "https://aiplatform.googleapis.com",
        "us" or "eu" => $"https://aiplatform.{location}.rep.googleapis.com",
        _ => $"https://{location}-aiplatform.googleapis.com",
    };

    private string ModelPath(string model)
    {
        if (!IsVertexAi)
        {
            // "tunedModels/x" and "models/x" are full resource names already.
            return $"/{ApiVersion}/" + (model.Contains('/', StringComparison.Ordinal) ? model : "models/" + model);
        }

        if (model.StartsWith("projects/", StringComparison.Ordinal))
        {
            return $"/{ApiVersion}/" + model;
        }

        var resource = model.Contains('/', StringComparison.Ordinal) ? model : "publishers/google/models/" + model;
        return $"/{ApiVersion}/projects/{_project}/locations/{_location}/{resource}";
    }
}
