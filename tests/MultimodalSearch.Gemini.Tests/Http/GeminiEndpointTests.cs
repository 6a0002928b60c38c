using MultimodalSearch.Gemini.Http;

namespace MultimodalSearch.Gemini.Tests.Http;

public sealed class GeminiEndpointTests
{
    [Fact]
    public void Gemini_api_uses_the_generative_language_host_and_v1beta_path()
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { ApiKey = "k" });

        Assert.False(endpoint.IsVertexAi);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:generateContent", endpoint.GetRequestUri("gemini-3.5-flash", streaming: false).AbsoluteUri);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse", endpoint.GetRequestUri("gemini-3.5-flash", streaming: true).AbsoluteUri);
    }

    [Fact]
    public void Vertex_global_location_uses_the_host_without_a_region()
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { Project = "p-1", Location = "global" });

        Assert.True(endpoint.IsVertexAi);
        Assert.Equal(
            "https://aiplatform.googleapis.com/v1beta1/projects/p-1/locations/global/publishers/google/models/gemini-3.5-flash:generateContent",
            endpoint.GetRequestUri("gemini-3.5-flash", streaming: false).AbsoluteUri);
    }

    [Fact]
    public void Vertex_regional_location_prefixes_the_host_with_the_region()
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { Project = "p-1", Location = "us-central1" });

        Assert.Equal(
            "https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p-1/locations/us-central1/publishers/google/models/m:streamGenerateContent?alt=sse",
            endpoint.GetRequestUri("m", streaming: true).AbsoluteUri);
    }

    [Theory]
    [InlineData("us", "https://aiplatform.us.rep.googleapis.com/")]
    [InlineData("eu", "https://aiplatform.eu.rep.googleapis.com/")]
    [InlineData("europe-west4", "https://europe-west4-aiplatform.googleapis.com/")]
    public void Vertex_multi_region_locations_go_to_their_rep_hosts(string location, string expectedHost)
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { Project = "p-1", Location = location });

        Assert.Equal(new Uri(expectedHost), endpoint.ProviderUri);
        Assert.Equal(
            $"{expectedHost}v1beta1/projects/p-1/locations/{location}/publishers/google/models/m:generateContent",
            endpoint.GetRequestUri("m", streaming: false).AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "v1beta1", true, false)]
    [InlineData("v1", "v1", false, true)]
    [InlineData("v1beta1", "v1beta1", true, false)]
    public void Vertex_api_version_decides_the_path_and_the_fields_that_exist(string? version, string expectedVersion, bool hasIds, bool hasThinkingLevel)
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { Project = "p-1", Location = "global", ApiVersion = version });

        Assert.Equal(expectedVersion, endpoint.ApiVersion);
        Assert.StartsWith($"https://aiplatform.googleapis.com/{expectedVersion}/projects/p-1/", endpoint.GetRequestUri("m", streaming: false).AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(hasIds, endpoint.HasFunctionCallIds);
        Assert.Equal(hasThinkingLevel, endpoint.HasThinkingLevel);
    }

    [Fact]
    public void Gemini_api_defaults_to_v1beta_with_call_ids()
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { ApiKey = "k" });

        Assert.Equal("v1beta", endpoint.ApiVersion);
        Assert.True(endpoint.HasFunctionCallIds);
        Assert.False(endpoint.HasThinkingLevel);
    }

    [Theory]
    [InlineData("https://proxy.example.com", "https://proxy.example.com/v1beta/models/m:generateContent")]
    [InlineData("https://proxy.example.com/", "https://proxy.example.com/v1beta/models/m:generateContent")]
    [InlineData("http://127.0.0.1:8080/gemini/", "http://127.0.0.1:8080/gemini/v1beta/models/m:generateContent")]
    public void Endpoint_override_replaces_scheme_and_host_and_keeps_the_path(string endpoint, string expected)
    {
        var gemini = new GeminiEndpoint(new GeminiClientOptions { ApiKey = "k", Endpoint = new Uri(endpoint) });

        Assert.Equal(expected, gemini.GetRequestUri("m", streaming: false).AbsoluteUri);
        Assert.Equal(new Uri(endpoint.TrimEnd('/') + "/"), gemini.ProviderUri);
    }

    [Fact]
    public void Endpoint_override_applies_to_vertex_too()
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { Project = "p", Location = "europe-west4", Endpoint = new Uri("https://private.example.com") });

        Assert.Equal(
            "https://private.example.com/v1beta1/projects/p/locations/europe-west4/publishers/google/models/m:generateContent",
            endpoint.GetRequestUri("m", streaming: false).AbsoluteUri);
    }

    [Theory]
    [InlineData("../secrets")]
    [InlineData("models/x?alt=json")]
    [InlineData("m#frag")]
    [InlineData("has space")]
    [InlineData("")]
    public void Model_ids_that_would_change_the_url_are_rejected(string model)
    {
        var endpoint = new GeminiEndpoint(new GeminiClientOptions { ApiKey = "k" });

        var error = Assert.Throws<ArgumentException>(() => endpoint.GetRequestUri(model, streaming: false));

        Assert.Equal("model", error.ParamName);
    }
}
