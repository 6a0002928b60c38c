using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FashionSearch.Web.Tests;

/// <summary><c>POST /api/ask</c> with good and bad input.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AskEndpointTests(WebAppFixture app)
{
    [Fact]
    public async Task A_message_returns_items_with_image_urls_and_no_server_paths()
    {
        using var http = app.Client();
        using var response = await http.PostAsync("/api/ask", Form(("message", "show me two black t-shirts")));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["t-shirt"], root.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString()!;
            Assert.Equal("black", app.Colour(id));
            Assert.Equal($"/api/items/{id}/image", item.GetProperty("imageUrl").GetString());
            Assert.False(item.TryGetProperty("image", out _));
        }

        Assert.DoesNotContain("/catalog/images", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("advice").GetString()));
    }

    [Fact]
    public async Task A_photo_with_what_goes_with_this_returns_other_categories_and_a_photo_reference()
    {
        using var http = app.Client();
        using var form = Form(("message", "what goes with this?"));
        form.Add(Photo(File.ReadAllBytes(app.ImagePath("10081")), "shirt.jpg", "image/jpeg"), "photo", "shirt.jpg");
        using var response = await http.PostAsync("/api/ask", form);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var categories = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("category").GetString()).ToList();
        Assert.NotEmpty(categories);
        Assert.DoesNotContain(app.Category("10081"), categories);
        Assert.Matches("^[A-Za-z0-9_-]{22}$", json.RootElement.GetProperty("photoReference").GetString());
    }

    [Fact]
    public async Task Neither_message_nor_photo_is_a_400_saying_so()
    {
        using var http = app.Client();
        using var response = await http.PostAsync("/api/ask", Form(("message", "  ")));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "needs a message, a photo, or both");
    }

    [Fact]
    public async Task A_50_MB_upload_is_a_413_naming_the_limit_before_the_body_is_sent()
    {
        using var http = app.Client();
        using var form = Form(("message", "like this"));
        form.Add(Photo(new byte[50 * 1024 * 1024], "huge.jpg", "image/jpeg"), "photo", "huge.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = form };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "FashionSearchWeb:MaxPhotoBytes");
    }

    [Fact]
    public async Task A_50_MB_upload_without_a_declared_length_is_cut_off_with_a_413()
    {
        // Chunked, so the server cannot refuse it up front: it must stop reading at the limit. A raw socket, because an
        // HTTP client that is still sending reports the closed connection instead of the answer.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(app.Factory.Address.Host, app.Factory.Address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/ask HTTP/1.1\r\nHost: {app.Factory.Address.Authority}\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var sent = 0L;
        var chunk = new byte[64 * 1024];
        var partHead = System.Text.Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"huge.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        try
        {
            await WriteChunkAsync(stream, partHead);
            while (sent < 50L * 1024 * 1024)
            {
                await WriteChunkAsync(stream, chunk);
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The server stopped reading and closed the connection after answering.
        }

        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer);
        }
        catch (IOException)
        {
        }

        var text = System.Text.Encoding.UTF8.GetString(answer.ToArray());
        Assert.StartsWith("HTTP/1.1 413", text, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", text, StringComparison.Ordinal);
        Assert.Contains("FashionSearchWeb:MaxPhotoBytes", text, StringComparison.Ordinal);
        Assert.True(sent < 50L * 1024 * 1024, "the server read the whole 50 MB");
    }

    private static async Task WriteChunkAsync(Stream stream, byte[] data)
    {
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{data.Length:X}\r\n"));
        await stream.WriteAsync(data);
        await stream.WriteAsync("\r\n"u8.ToArray());
    }

    [Fact]
    public async Task A_photo_just_over_the_limit_is_a_413_with_its_size()
    {
        using var http = app.Client();
        using var form = Form(("message", "like this"));
        form.Add(Photo(new byte[(10 * 1024 * 1024) + 1], "big.jpg", "image/jpeg"), "photo", "big.jpg");
        using var response = await http.PostAsync("/api/ask", form);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "10,485,761 bytes");
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_a_400_naming_the_file()
    {
        using var http = app.Client();
        using var form = Form(("message", "like this"));
        form.Add(Photo("this is a shopping list, not a photo"u8.ToArray(), "holiday.jpg", "image/jpeg"), "photo", "holiday.jpg");
        using var response = await http.PostAsync("/api/ask", form);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "Image 'holiday.jpg': not an image");
    }

    [Fact]
    public async Task A_decompression_bomb_is_a_400_before_it_is_decoded()
    {
        var bomb = TestImages.DecompressionBombPng();
        Assert.True(bomb.Length < 100_000);
        using var http = app.Client();
        using var form = Form(("message", ""));
        form.Add(Photo(bomb, "bomb.png", "image/png"), "photo", "bomb.png");
        using var response = await http.PostAsync("/api/ask", form);

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "60000 x 60000 pixels");
    }

    [Fact]
    public async Task A_client_file_name_with_folders_never_shows_as_a_path()
    {
        using var http = app.Client();
        using var form = Form(("message", "like this"));
        form.Add(Photo("text"u8.ToArray(), "../../etc/passwd", "image/jpeg"), "photo", "../../etc/passwd");
        using var response = await http.PostAsync("/api/ask", form);

        var detail = await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "Image 'passwd'");
        Assert.DoesNotContain("..", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_is_a_415_that_says_how_to_send_the_request()
    {
        using var http = app.Client();
        using var response = await http.PostAsync("/api/ask", new StringContent("{\"message\":\"hi\"}", System.Text.Encoding.UTF8, "application/json"));

        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
    }

    [Fact]
    public async Task A_card_item_as_the_photo_works_and_an_unknown_one_is_a_404()
    {
        using var http = app.Client();
        using var known = await http.PostAsync("/api/ask", Form(("message", "more like this"), ("photoItemId", "10081")));
        using var unknown = await http.PostAsync("/api/ask", Form(("message", "more like this"), ("photoItemId", "99999")));
        using var traversal = await http.PostAsync("/api/ask", Form(("message", "more like this"), ("photoItemId", "../10081")));

        Assert.True(known.StatusCode == HttpStatusCode.OK, await known.Content.ReadAsStringAsync());
        await Problems.AssertAsync(unknown, HttpStatusCode.NotFound, "99999");
        await Problems.AssertAsync(traversal, HttpStatusCode.BadRequest, "photoItemId");
    }

    [Fact]
    public async Task A_cross_site_form_post_is_refused()
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = Form(("message", "a jacket")) };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await http.SendAsync(request);

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = Form(("message", "a jacket")) };
        sameOrigin.Headers.Add("Origin", app.Factory.Address.GetLeftPart(UriPartial.Authority));
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var allowed = await http.SendAsync(sameOrigin);

        await Problems.AssertAsync(response, HttpStatusCode.Forbidden, "cross-site");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Concurrent_text_and_photo_requests_all_succeed()
    {
        var photo = File.ReadAllBytes(app.ImagePath("10205"));
        using var http = app.Client();
        var requests = Enumerable.Range(0, 24).Select(async i =>
        {
            using var form = Form(("message", i % 2 == 0 ? "two red jackets" : "pants to go with this"));
            if (i % 2 == 1)
            {
                form.Add(Photo(photo, "jacket.jpg", "image/jpeg"), "photo", "jacket.jpg");
            }

            using var response = await http.PostAsync("/api/ask", form);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("category").GetString()).ToList();
        });

        var results = await Task.WhenAll(requests);

        Assert.All(results.Where((_, i) => i % 2 == 0), categories => Assert.Equal(["jacket", "jacket"], categories));
        Assert.All(results.Where((_, i) => i % 2 == 1), categories => Assert.Equal(["pants"], categories));
    }

    internal static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    internal static ByteArrayContent Photo(byte[] bytes, string name, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
