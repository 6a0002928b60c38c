using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MultimodalSearch.Gemini.Authentication;
using MultimodalSearch.Gemini.Tests.Infrastructure;

namespace MultimodalSearch.Gemini.Tests.Authentication;

/// <summary>
/// The Google.Apis.Auth token source with a real service-account key file (a fresh RSA key) whose
/// <c>token_uri</c> points at a local OAuth token endpoint, so the whole JWT-bearer exchange really runs.
/// </summary>
public sealed class GoogleCredentialAccessTokenSourceTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gemini-auth-" + Guid.NewGuid().ToString("N"));
    private FakeGeminiServer _tokenServer = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _tokenServer = await FakeGeminiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _tokenServer.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Service_account_file_yields_a_cached_token_and_a_new_one_when_refresh_is_forced()
    {
        _tokenServer.Reply(TokenReply("ya29.first"), TokenReply("ya29.second"));
        var source = new GoogleCredentialAccessTokenSource(WriteServiceAccountFile());

        var first = await source.GetAccessTokenAsync(forceRefresh: false);
        var cached = await source.GetAccessTokenAsync(forceRefresh: false);
        var refreshed = await source.GetAccessTokenAsync(forceRefresh: true);

        Assert.Equal("ya29.first", first);
        Assert.Equal("ya29.first", cached);
        Assert.Equal("ya29.second", refreshed);
        Assert.Equal(2, _tokenServer.Requests.Count);
        var form = ParseForm(_tokenServer.Requests[0].Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var claims = JwtPayload(form["assertion"]);
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", (string?)claims["scope"]);
        Assert.Equal("stylist@fashion-demo.iam.gserviceaccount.com", (string?)claims["iss"]);
    }

    [Fact]
    public async Task Token_endpoint_failure_becomes_a_gemini_exception()
    {
        _tokenServer.Reply(Replies.Json("""{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""", 400));
        var source = new GoogleCredentialAccessTokenSource(WriteServiceAccountFile());

        var error = await Assert.ThrowsAsync<GeminiException>(() => source.GetAccessTokenAsync(forceRefresh: false).AsTask());

        Assert.Contains("access token for Vertex AI", error.Message);
        Assert.Contains("invalid_grant", error.Message);
    }

    [Fact]
    public async Task Missing_credentials_file_is_reported_with_its_path_and_retried_on_the_next_call()
    {
        var path = Path.Combine(_directory, "missing.json");
        var source = new GoogleCredentialAccessTokenSource(path);

        var error = await Assert.ThrowsAsync<GeminiException>(() => source.GetAccessTokenAsync(forceRefresh: false).AsTask());
        Assert.Contains(path, error.Message);

        // Credentials that appear later are picked up: a failed load is not cached.
        _tokenServer.Reply(TokenReply("ya29.late"));
        File.Copy(WriteServiceAccountFile(), path);
        Assert.Equal("ya29.late", await source.GetAccessTokenAsync(forceRefresh: false));
    }

    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task> TokenReply(string token) =>
        Replies.Json(new JsonObject { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" }.ToJsonString());

    private string WriteServiceAccountFile()
    {
        using var rsa = RSA.Create(2048);
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "fashion-demo",
            ["private_key_id"] = "key-1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "stylist@fashion-demo.iam.gserviceaccount.com",
            ["client_id"] = "1234567890",
            ["token_uri"] = new Uri(_tokenServer.BaseUri, "/token").AbsoluteUri,
        };
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    private static JsonNode JwtPayload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))!;
    }
}
