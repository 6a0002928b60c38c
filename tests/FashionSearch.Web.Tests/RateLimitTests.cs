using System.Net;
using static FashionSearch.Web.Tests.AskEndpointTests;

namespace FashionSearch.Web.Tests;

/// <summary>The per-client rate limit, on an app of its own with an empty catalog and a tiny limit.</summary>
public sealed class RateLimitTests : IAsyncLifetime, IDisposable
{
    private readonly WebAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["FashionSearchWeb:RateLimit:PermitsPerMinute"] = "3",
        ["FashionSearchWeb:IndexDemoCatalog"] = "false",
    });

    public Task InitializeAsync() => _factory.StartAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_and_a_problem()
    {
        using var http = _factory.Client();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await http.PostAsync("/api/ask", Form(("message", "a jacket")));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await Problems.AssertAsync(limited!, HttpStatusCode.TooManyRequests, "FashionSearchWeb:RateLimit:PermitsPerMinute");
        Assert.True(limited!.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var health = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
