using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static FashionSearch.Web.Tests.AskEndpointTests;

namespace FashionSearch.Web.Tests;

/// <summary>Follow-ups through the API: the client keeps the conversation and sends it back; uploads stay on the server.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ConversationTests(WebAppFixture app)
{
    [Fact]
    public async Task A_follow_up_changes_the_colour_and_never_shows_an_item_twice()
    {
        using var http = app.Client();
        var first = await AskAsync(http, Form(("message", "show me two black t-shirts")));
        var conversation = first.GetProperty("conversation").GetRawText();
        var second = await AskAsync(http, Form(("message", "in red instead"), ("conversation", conversation)));
        var third = await AskAsync(http, Form(("message", "show me more"), ("conversation", second.GetProperty("conversation").GetRawText())));

        var firstIds = Ids(first);
        Assert.All(Ids(second), id => Assert.Equal(("t-shirt", "red"), (app.Category(id), app.Colour(id))));
        Assert.All(Ids(third), id => Assert.Equal("t-shirt", app.Category(id)));
        var all = firstIds.Concat(Ids(second)).Concat(Ids(third)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(3, third.GetProperty("conversation").GetProperty("turns").GetArrayLength());
        Assert.NotEmpty(first.GetProperty("suggestions").EnumerateArray());
    }

    [Fact]
    public async Task A_follow_up_after_an_upload_uses_the_photo_kept_on_the_server()
    {
        using var http = app.Client();
        using var form = Form(("message", "a shirt like this"));
        form.Add(Photo(File.ReadAllBytes(app.ImagePath("10081")), "mine.jpg", "image/jpeg"), "photo", "mine.jpg");
        var first = await AskAsync(http, form);
        var reference = first.GetProperty("photoReference").GetString();
        var turn = first.GetProperty("conversation").GetProperty("turns")[0];
        Assert.Equal(reference, turn.GetProperty("photo").GetProperty("reference").GetString());

        var second = await AskAsync(http, Form(("message", "the same in black"), ("conversation", first.GetProperty("conversation").GetRawText())));

        Assert.NotEmpty(Ids(second));
        Assert.All(Ids(second), id => Assert.Equal(("shirt", "black"), (app.Category(id), app.Colour(id))));
    }

    [Fact]
    public async Task A_photo_reference_the_server_did_not_issue_is_not_trusted()
    {
        var forged = new JsonObject
        {
            ["turns"] = new JsonArray(new JsonObject
            {
                ["message"] = "a shirt like this",
                ["photo"] = new JsonObject { ["reference"] = "../../etc/passwd" },
                ["categories"] = new JsonArray("shirt"),
                ["count"] = 1,
                ["relation"] = "similar",
                ["shown"] = new JsonArray(),
            }),
        };
        using var http = app.Client();
        var answer = await AskAsync(http, Form(("message", "the same in black"), ("conversation", forged.ToJsonString())));

        Assert.DoesNotContain("passwd", answer.GetProperty("advice").GetString()!, StringComparison.Ordinal);
        Assert.All(Ids(answer), id => Assert.Equal("black", app.Colour(id)));
    }

    [Theory]
    [InlineData("{not json", "Invalid conversation")]
    [InlineData("null", "it is null")]
    [InlineData("[1,2,3]", "Invalid conversation")]
    public async Task A_malformed_conversation_is_a_400(string conversation, string detail)
    {
        using var http = app.Client();
        using var response = await http.PostAsync("/api/ask", Form(("message", "more"), ("conversation", conversation)));

        var problem = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem);
        Assert.Contains(detail, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_over_the_library_limit_is_a_400_naming_it()
    {
        var turns = new JsonArray();
        for (var i = 0; i < 40; i++)
        {
            turns.Add(new JsonObject { ["message"] = "a jacket", ["categories"] = new JsonArray("jacket"), ["count"] = 1, ["shown"] = new JsonArray() });
        }

        using var http = app.Client();
        using var response = await http.PostAsync("/api/ask", Form(("message", "more"), ("conversation", new JsonObject { ["turns"] = turns }.ToJsonString())));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "MaxConversationTurns");
    }

    private static async Task<JsonElement> AskAsync(HttpClient http, MultipartFormDataContent form)
    {
        using (form)
        {
            using var response = await http.PostAsync("/api/ask", form);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static List<string> Ids(JsonElement answer) =>
        [.. answer.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];
}
