using System.Net;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>The suite against the Gemini API's shape: <c>/v1beta/models/{model}</c> and the <c>x-goog-api-key</c> header.</summary>
public sealed class GeminiApiChatClientTests : GeminiChatClientTests
{
    private const string ApiKey = "AIzaSy-test-key-0123456789";

    protected override string Secret => ApiKey;

    protected override string ProviderName => "gcp.gemini";

    protected override GeminiClientOptions CreateOptions(Uri endpoint) => new() { ApiKey = ApiKey, Endpoint = endpoint };

    protected override IGeminiAccessTokenSource? CreateTokenSource() => null;

    protected override string ExpectedPath(string model, bool streaming) =>
        $"/v1beta/models/{model}:{(streaming ? "streamGenerateContent" : "generateContent")}";

    protected override void AssertAuthenticated(RecordedRequest request)
    {
        Assert.Equal(ApiKey, request.Header("x-goog-api-key"));
        Assert.Null(request.Header("authorization"));
        Assert.DoesNotContain(ApiKey, request.Query);
    }

    [Fact]
    public async Task Unauthorized_response_fails_at_once_because_an_api_key_cannot_be_refreshed()
    {
        Server.Reply(
            Replies.Error(401, "UNAUTHENTICATED", "API keys are not supported by this API."),
            Replies.Json(GeminiResponses.Text("must not be reached")));
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<GeminiException>(() => client.GetResponseAsync("Hi"));

        Assert.Single(Server.Requests);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.Status);
    }

    [Fact]
    public async Task Tuned_model_resource_names_are_used_as_the_path()
    {
        Server.Reply(Replies.Json(GeminiResponses.Text("ok")));
        var client = CreateClient(o => o.Model = "tunedModels/my-stylist-42");

        await client.GetResponseAsync("Hi");

        Assert.Equal("/v1beta/tunedModels/my-stylist-42:generateContent", Assert.Single(Server.Requests).Path);
    }
}
