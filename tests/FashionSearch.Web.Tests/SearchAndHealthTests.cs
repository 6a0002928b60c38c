using System.Net;
using System.Text.Json;

namespace FashionSearch.Web.Tests;

/// <summary><c>GET /api/search</c>, health, the OpenAPI document and the page itself.</summary>
[Collection(WebAppCollection.Name)]
public sealed class SearchAndHealthTests(WebAppFixture app)
{
    [Fact]
    public async Task Search_returns_hits_in_the_category_with_image_urls()
    {
        using var http = app.Client();
        using var response = await http.GetAsync("/api/search?q=red%20shoes&category=shoes&k=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var hits = json.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(3, hits.Count);
        Assert.All(hits, hit => Assert.Equal("shoes", hit.GetProperty("category").GetString()));
        Assert.Equal("red", app.Colour(hits[0].GetProperty("id").GetString()!));
        Assert.All(hits, hit => Assert.StartsWith("/api/items/", hit.GetProperty("imageUrl").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/search", "'q'")]
    [InlineData("/api/search?q=shoes&k=0", "'k' must be 1 to 50")]
    [InlineData("/api/search?q=shoes&category=hats", "no category 'hats'")]
    public async Task Bad_searches_are_400_problems(string url, string detail)
    {
        using var http = app.Client();
        using var response = await http.GetAsync(url);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_ready_names_the_catalog()
    {
        using var http = app.Client();
        using var live = await http.GetAsync("/health/live");
        using var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        using var http = app.Client();
        using var response = await http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = json.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/ask", "/api/ask/stream", "/api/search", "/api/items/{id}/image" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        var ask = paths.GetProperty("/api/ask").GetProperty("post");
        Assert.True(ask.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(ask.GetProperty("responses").TryGetProperty("413", out _));
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_with_a_strict_content_security_policy()
    {
        using var http = app.Client();
        using var page = await http.GetAsync("/");
        using var script = await http.GetAsync("/app.js");
        using var style = await http.GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Fashion assistant</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
    }
}
