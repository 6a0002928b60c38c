using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch.Testing;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.DependencyInjection;

/// <summary>Runs the ASP.NET Core sample of docs/aspnet.md on 127.0.0.1 with the demo model and catalog.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class AspNetSampleTests(DemoCatalogFixture demo) : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MultimodalSearch:Blip2:ModelDirectory"] = TestPaths.DemoModel });

        // The test's differences from the sample: the catalog indexed once for all tests instead of AddEmbeddedCatalog(),
        // and no AddGeminiIfConfigured(), so that a key in the environment cannot send the test to Google.
        builder.Services.AddSingleton(demo.Store);

        // From docs/aspnet.md:
        builder.Services.AddMultimodalFashionSearch(builder.Configuration).AddBlip2Onnx();
        var app = builder.Build();
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            (context.Response.StatusCode, var message) = error switch
            {
                ArgumentException or InvalidImageException => (400, error.Message),
                TimeoutException => (504, error.Message),
                _ => (500, "The request failed."),
            };
            await context.Response.WriteAsJsonAsync(new { error = message });
        }));
        app.MapPost("/ask", (AskBody body, FashionSearchWorkflow workflow, CancellationToken cancellationToken) =>
            workflow.AskAsync(new FashionSearchRequest(body.Message ?? ""), cancellationToken));
        app.MapPost("/ask/photo", async (HttpRequest request, FashionSearchWorkflow workflow, CancellationToken cancellationToken) =>
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var photo = form.Files.GetFile("photo");
            await using var stream = photo?.OpenReadStream();
            var image = photo is null ? null : ImageInput.FromStream(stream!, photo.FileName);
            return await workflow.AskAsync(new FashionSearchRequest(form["message"].ToString(), image), cancellationToken);
        });

        _app = app;
        _address = await LoopbackWebApp.StartAsync(app);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Posting_a_message_returns_the_ask_contract()
    {
        using var http = Client();
        using var response = await http.PostAsJsonAsync("/ask", new { message = "show me two black t-shirts" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["t-shirt"], root.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, root.GetProperty("count").GetInt32());
        Assert.Equal("offline", root.GetProperty("classifiedBy").GetString());
        var ids = root.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Equal("black", demo.Colour(id)));
    }

    [Fact]
    public async Task Posting_a_photo_with_a_message_finds_the_category_asked_for()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("find pants to go with this"), "message" },
            { new ByteArrayContent(File.ReadAllBytes(demo.ImagePath("10081"))), "photo", "shirt.jpg" },
        };

        using var http = Client();
        using var response = await http.PostAsync("/ask/photo", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("pants", item.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_the_reason()
    {
        using var http = Client();
        using var empty = await http.PostAsJsonAsync("/ask", new { message = "" });
        using var form = new MultipartFormDataContent
        {
            { new StringContent("pants"), "message" },
            { new ByteArrayContent("not an image"u8.ToArray()), "photo", "notes.jpg" },
        };
        using var badPhoto = await http.PostAsync("/ask/photo", form);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("needs a message, a photo, or both", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badPhoto.StatusCode);
        Assert.Contains("notes.jpg", await badPhoto.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient Client() => new() { BaseAddress = _address };

    private sealed record AskBody(string? Message);
}
