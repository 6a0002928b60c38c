using System.Net;
using System.Net.Http.Headers;

namespace FashionSearch.Web.Tests;

/// <summary><c>GET /api/items/{id}/image</c>: thumbnails by id only.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ItemImageEndpointTests(WebAppFixture app)
{
    [Fact]
    public async Task An_item_image_is_a_small_jpeg_with_an_etag_and_cache_headers()
    {
        using var http = app.Client();
        using var response = await http.GetAsync("/api/items/10081/image");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.True(response.Headers.CacheControl?.MaxAge > TimeSpan.Zero);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/items/10081/image");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var other = await http.GetAsync("/api/items/10082/image");
        Assert.NotEqual(response.Headers.ETag, other.Headers.ETag);
    }

    [Fact]
    public async Task An_unknown_item_is_a_404()
    {
        using var http = app.Client();
        using var response = await http.GetAsync("/api/items/99999/image");

        await Problems.AssertAsync(response, HttpStatusCode.NotFound, "99999");
    }

    [Theory]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("%2E%2E%2F10081")]
    [InlineData("..%5C..%5Cwindows")]
    [InlineData("%252e%252e%252fetc")]
    [InlineData("..")]
    [InlineData("%2e%2e")]
    [InlineData("10081%00")]
    [InlineData("images%2Ft-shirt%2F10001.jpg")]
    public async Task Traversal_ids_never_reach_a_file(string id)
    {
        using var http = app.Client();
        using var response = await http.GetAsync($"/api/items/{id}/image");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{id}: {(int)response.StatusCode}");
        Assert.NotEqual("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_traversal_paths_do_not_route_to_the_image_endpoint()
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Factory.Address, "/api/items/../../etc/passwd/image"));
        using var response = await http.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(new MediaTypeHeaderValue("image/jpeg"), response.Content.Headers.ContentType);
    }
}
