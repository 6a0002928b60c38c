using System.Net;
using System.Text.Json;
using static FashionSearch.Web.Tests.AskEndpointTests;

namespace FashionSearch.Web.Tests;

/// <summary><c>POST /api/ask/stream</c>: the events, their order, errors and a client that goes away.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AskStreamEndpointTests(WebAppFixture app)
{
    [Fact]
    public async Task The_stream_sends_classification_items_advice_and_done_in_order()
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = Form(("message", "show me two black t-shirts")) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string Event, JsonElement Data)>();
        await foreach (var e in ServerSentEvents.ReadAsync(await response.Content.ReadAsStreamAsync()))
        {
            events.Add(e);
        }

        var names = events.Select(e => e.Event).ToList();
        Assert.Equal("classification", names[0]);
        Assert.Equal("done", names[^1]);
        Assert.True(names.IndexOf("items") < names.IndexOf("advice"), string.Join(",", names));
        Assert.DoesNotContain("error", names);
        Assert.Equal(["t-shirt"], events[0].Data.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var items = events.First(e => e.Event == "items").Data.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.StartsWith("/api/items/", item.GetProperty("imageUrl").GetString(), StringComparison.Ordinal));
        var streamedAdvice = string.Concat(events.Where(e => e.Event == "advice").Select(e => e.Data.GetProperty("text").GetString()));
        Assert.Equal(events[^1].Data.GetProperty("advice").GetString(), streamedAdvice);
    }

    [Fact]
    public async Task Bad_input_is_a_plain_problem_response_not_a_stream()
    {
        using var http = app.Client();
        using var form = Form(("message", "like this"));
        form.Add(Photo("not an image"u8.ToArray(), "notes.jpg", "image/jpeg"), "photo", "notes.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = form };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "Image 'notes.jpg'");
    }

    [Fact]
    public async Task A_stream_cancelled_by_the_client_leaves_the_app_serving()
    {
        using var http = app.Client();
        for (var i = 0; i < 8; i++)
        {
            using var cancel = new CancellationTokenSource();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = Form(("message", "three jackets and shoes")) };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            await using var events = ServerSentEvents.ReadAsync(stream).GetAsyncEnumerator(cancel.Token);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("classification", events.Current.Event);
            await cancel.CancelAsync();
            response.Dispose();
        }

        using var after = await http.PostAsync("/api/ask", Form(("message", "a green jacket")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var health = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
