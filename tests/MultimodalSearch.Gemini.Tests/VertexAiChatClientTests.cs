using System.Net;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>
/// The suite against Vertex AI's shape: <c>/v1beta1/projects/{p}/locations/{l}/publishers/google/models/{m}</c>
/// (the version Google's SDKs use) and <c>Authorization: Bearer</c> tokens from an <see cref="IGeminiAccessTokenSource"/>.
/// </summary>
public class VertexAiChatClientTests : GeminiChatClientTests
{
    private const string Project = "fashion-demo-123";
    private const string Location = "europe-west4";

    protected override string Secret => "token-1";

    protected override string ProviderName => "gcp.vertex_ai";

    protected override bool IsVertexAi => true;

    /// <summary>Gets the API version this suite configures, or null for the default.</summary>
    protected virtual string? ApiVersion => null;

    /// <summary>Gets the version expected in request paths.</summary>
    protected virtual string PathVersion => "v1beta1";

    protected override GeminiClientOptions CreateOptions(Uri endpoint) => new() { Project = Project, Location = Location, Endpoint = endpoint, ApiVersion = ApiVersion };

    protected override IGeminiAccessTokenSource? CreateTokenSource() => new SequenceAccessTokenSource();

    protected override string ExpectedPath(string model, bool streaming) =>
        $"/{PathVersion}/projects/{Project}/locations/{Location}/publishers/google/models/{model}:{(streaming ? "streamGenerateContent" : "generateContent")}";

    protected override void AssertAuthenticated(RecordedRequest request)
    {
        Assert.Equal("Bearer token-1", request.Header("authorization"));
        Assert.Null(request.Header("x-goog-api-key"));
    }

    [Fact]
    public async Task Unauthorized_response_refreshes_the_token_once_and_retries_with_the_new_token()
    {
        Server.Reply(
            Replies.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
            Replies.Json(GeminiResponses.Text("ok")));
        var tokens = new SequenceAccessTokenSource();
        var client = CreateClient(o => o.MaxRetries = 0, tokens);

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(1, tokens.Refreshes);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], Server.Requests.Select(r => r.Header("authorization")));
    }

    [Fact]
    public async Task Second_unauthorized_response_after_a_refresh_fails_with_googles_status()
    {
        var unauthorized = Replies.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        Server.Reply(unauthorized, unauthorized, Replies.Json(GeminiResponses.Text("must not be reached")));
        var tokens = new SequenceAccessTokenSource();
        var client = CreateClient(configure: null, tokens);

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(1, tokens.Refreshes);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.Status);
    }

    [Fact]
    public async Task Publisher_and_full_endpoint_model_names_keep_their_resource_path()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")), Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient();

        await client.GetResponseAsync("Hi", new ChatOptions { ModelId = "publishers/acme/models/stylist@001" });
        await client.GetResponseAsync("Hi", new ChatOptions { ModelId = "projects/other/locations/us-east1/endpoints/123" });

        Assert.Equal(
            [$"/{PathVersion}/projects/{Project}/locations/{Location}/publishers/acme/models/stylist@001:generateContent", $"/{PathVersion}/projects/other/locations/us-east1/endpoints/123:generateContent"],
            Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Configured_quota_project_is_sent_as_the_user_project()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.QuotaProject = "billing-project");

        await client.GetResponseAsync("Hi");

        Assert.Equal("billing-project", Assert.Single(Server.Requests).Header("x-goog-user-project"));
    }

    [Fact]
    public async Task Quota_project_of_the_credential_is_sent_as_the_user_project()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")), Replies.Json(GeminiResponses.Text("ok")));

        await CreateClient(configure: null, new QuotaProjectTokenSource("adc-quota")).GetResponseAsync("Hi");
        await CreateClient(configure: null, new QuotaProjectTokenSource(null)).GetResponseAsync("Hi");

        Assert.Equal("adc-quota", Server.Requests[0].Header("x-goog-user-project"));
        Assert.Null(Server.Requests[1].Header("x-goog-user-project"));
    }
}
