using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FashionSearch.Web.Tests.Browser;

/// <summary>The chat page in a real browser against the app on a real port: what a shopper does and sees.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ChatPageTests(WebAppFixture app) : IAsyncLifetime
{
    private readonly ChromiumBrowser _chromium = new();

    public Task InitializeAsync() => _chromium.InitializeAsync();

    public Task DisposeAsync() => _chromium.DisposeAsync();

    [Fact]
    public async Task A_typed_request_shows_loaded_product_images_and_advice()
    {
        var page = await OpenAsync(1280, 900);

        await page.GetByLabel("Message").FillAsync("show me two black t-shirts");
        await page.GetByLabel("Message").PressAsync("Enter");

        var answer = await AnswerAsync(page, 1);
        await Expect(answer.Locator(".card")).ToHaveCountAsync(2);
        await ImagesLoadedAsync(answer);
        await Expect(answer.Locator(".advice")).ToContainTextAsync("T-Shirt");
        Assert.All(await answer.Locator(".card-name").AllTextContentsAsync(), name => Assert.Contains("Black", name, StringComparison.Ordinal));
        Assert.Equal("", await page.GetByLabel("Message").InputValueAsync());
        await page.ScreenshotAsync(new() { Path = Shot("text-request-1280.png"), FullPage = true });
    }

    [Fact]
    public async Task A_photo_with_what_goes_with_this_then_a_follow_up_in_the_same_conversation()
    {
        var page = await OpenAsync(390, 844);

        await page.Locator("#photo").SetInputFilesAsync(app.ImagePath("10081"));
        await Expect(page.Locator("#photo-preview")).ToBeVisibleAsync();
        await page.GetByLabel("Message").FillAsync("what goes with this?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var first = await AnswerAsync(page, 1);
        await ImagesLoadedAsync(first);
        var firstCategories = await first.Locator(".card-category").AllTextContentsAsync();
        Assert.NotEmpty(firstCategories);
        Assert.DoesNotContain(app.Category("10081"), firstCategories);
        await Expect(page.Locator(".turn.user img").First).ToHaveJSPropertyAsync("complete", true);
        await Expect(page.Locator("#photo-preview")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Shot("photo-request-390.png") });

        await page.GetByLabel("Message").FillAsync("show me some shoes");
        await page.GetByLabel("Message").PressAsync("Enter");
        var second = await AnswerAsync(page, 2);
        await ImagesLoadedAsync(second);
        Assert.All(await second.Locator(".card-category").AllTextContentsAsync(), category => Assert.Equal("shoes", category));

        await second.Locator(".chip").First.ClickAsync();
        var third = await AnswerAsync(page, 3);
        await Expect(third.Locator(".card").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("follow-up-390.png") });
    }

    [Fact]
    public async Task Card_buttons_ask_about_that_item()
    {
        var page = await OpenAsync(1280, 900);
        await page.GetByLabel("Message").FillAsync("a red jacket");
        await page.GetByLabel("Message").PressAsync("Enter");
        var first = await AnswerAsync(page, 1);
        var name = await first.Locator(".card-name").First.TextContentAsync();

        await first.GetByRole(AriaRole.Button, new() { Name = $"More like {name}" }).ClickAsync();
        var second = await AnswerAsync(page, 2);
        await ImagesLoadedAsync(second);
        Assert.All(await second.Locator(".card-category").AllTextContentsAsync(), category => Assert.Equal("jacket", category));
        Assert.DoesNotContain(name, await second.Locator(".card-name").AllTextContentsAsync());

        await second.GetByRole(AriaRole.Button, new() { Name = "What goes with" }).First.ClickAsync();
        var third = await AnswerAsync(page, 3);
        Assert.DoesNotContain("jacket", await third.Locator(".card-category").AllTextContentsAsync());
        await page.ScreenshotAsync(new() { Path = Shot("card-buttons-1280.png"), FullPage = true });
    }

    [Fact]
    public async Task A_refused_photo_shows_the_reason_and_keeps_the_message_and_photo()
    {
        var page = await OpenAsync(1280, 900);
        var notAnImage = Path.Combine(Path.GetTempPath(), "holiday-" + Guid.NewGuid().ToString("N") + ".jpg");
        await File.WriteAllTextAsync(notAnImage, "this is a shopping list, not a photo");
        try
        {
            await page.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "holiday.jpg", MimeType = "image/jpeg", Buffer = await File.ReadAllBytesAsync(notAnImage) });
            await page.GetByLabel("Message").FillAsync("like this but red");
            await page.GetByLabel("Message").PressAsync("Enter");

            var answer = await AnswerAsync(page, 1, expected: "error");
            await Expect(answer.GetByRole(AriaRole.Alert)).ToContainTextAsync("holiday.jpg");
            Assert.Equal("like this but red", await page.GetByLabel("Message").InputValueAsync());
            await Expect(page.Locator("#photo-preview")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(notAnImage);
        }
    }

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = app.Factory.Address.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("400", StringComparison.Ordinal))
            {
                errors.Add(message.Text + " " + message.Location);
            }
        };
        await page.GotoAsync("/");
        await Expect(page).ToHaveTitleAsync("Fashion assistant");
        Assert.Empty(errors);
        return page;
    }

    private static async Task<ILocator> AnswerAsync(IPage page, int number, string expected = "ok")
    {
        var answer = page.Locator(".turn.assistant").Nth(number - 1);
        await Expect(answer).ToHaveAttributeAsync("data-done", new System.Text.RegularExpressions.Regex("ok|error"));
        Assert.Equal(expected, await answer.GetAttributeAsync("data-done"));
        return answer;
    }

    private static async Task ImagesLoadedAsync(ILocator answer)
    {
        var images = answer.Locator("img.card-img");
        Assert.True(await images.CountAsync() > 0);
        foreach (var image in await images.AllAsync())
        {
            await image.ScrollIntoViewIfNeededAsync();
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, await image.GetAttributeAsync("src"));
        }
    }

    private static string Shot(string name) => Path.Combine(ChromiumBrowser.ScreenshotFolder, name);
}
