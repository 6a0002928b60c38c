using MultimodalSearch.Gemini.Configuration;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Builds request URIs for the chosen backend: the Gemini API
/// (<c>/v1beta/models/{model}:generateContent</c>) or Vertex AI
/// (<c>/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent</c>).
/// </summary>
internal sealed class GeminiEndpoint
{
    private const string GeminiApiHost = "https://generativelanguage.googleapis.com";

    private readonly string _baseUri;
    private readonly string? _project;
    private readonly string _location;

    public GeminiEndpoint(GeminiClientOptions options)
    {
        IsVertexAi = !string.IsNullOrWhiteSpace(options.Project);
        _project = options.Project?.Trim();
        _location = options.Location.Trim();
        _baseUri = options.Endpoint is { } endpoint
            ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
            : IsVertexAi ? VertexHost(_location) : GeminiApiHost;
        ProviderUri = new Uri(_baseUri + "/");
    }

    /// <summary>Gets a value indicating whether requests go to Vertex AI (OAuth) rather than the Gemini API (API key).</summary>
    public bool IsVertexAi { get; }

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

    /// <summary>Maps a location to its host: <c>global</c> has no regional prefix.</summary>
    internal static string VertexHost(string location) =>
        string.Equals(location, "global", StringComparison.Ordinal)
            ? "https://aiplatform.googleapis.com"
            : $"https://{location}-aiplatform.googleapis.com";

    private string ModelPath(string model)
    {
        if (!IsVertexAi)
        {
            // "tunedModels/x" and "models/x" are full resource names already.
            return "/v1beta/" + (model.Contains('/', StringComparison.Ordinal) ? model : "models/" + model);
        }

        if (model.StartsWith("projects/", StringComparison.Ordinal))
        {
            return "/v1/" + model;
        }

        var resource = model.Contains('/', StringComparison.Ordinal) ? model : "publishers/google/models/" + model;
        return $"/v1/projects/{_project}/locations/{_location}/{resource}";
    }
}
