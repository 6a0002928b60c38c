using System.Net;
using System.Text.Json;

namespace FashionSearch.Web.Tests;

/// <summary>Checks RFC 9457 problem responses.</summary>
internal static class Problems
{
    /// <summary>Asserts the status and that the body is problem JSON whose detail contains <paramref name="detailPart"/>; returns the detail.</summary>
    public static async Task<string> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? detailPart = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
        var detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        if (detailPart is not null)
        {
            Assert.Contains(detailPart, detail, StringComparison.Ordinal);
        }

        return detail;
    }
}
