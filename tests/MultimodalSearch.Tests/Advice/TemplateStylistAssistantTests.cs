namespace MultimodalSearch.Tests.Advice;

public sealed class TemplateStylistAssistantTests
{
    [Fact]
    public async Task Advice_names_each_item_per_category_in_the_order_asked()
    {
        // 10079 Red Shirt, 10139 Red Pants, 10140 Red Pants.
        var request = new StylistRequest("a shirt and pants", ["pants", "shirt"], 1, [DemoCatalogHits.Get("10079"), DemoCatalogHits.Get("10139")]);

        var advice = await new TemplateStylistAssistant().AdviseAsync(request);

        Assert.Equal(ResultSource.Offline, advice.Source);
        Assert.Null(advice.FallbackReason);
        Assert.Equal("Here is what I found for you. For pants: Red Pants. For shirt: Red Shirt.", advice.Text);
    }

    [Fact]
    public async Task The_colour_is_said_when_the_name_does_not_say_it()
    {
        var plain = new CatalogHit("a", "t-shirt", "Classic Tee", null, new Dictionary<string, string> { ["baseColour"] = "Navy Blue" }, 0.4f);
        var named = new CatalogHit("b", "t-shirt", "White Tee", null, new Dictionary<string, string> { ["colour"] = "white" }, 0.3f);
        var bare = new CatalogHit("c", "t-shirt", "", null, new Dictionary<string, string>(), 0.2f);

        var advice = await new TemplateStylistAssistant().AdviseAsync(new StylistRequest("tees", ["t-shirt"], 3, [plain, named, bare]));

        Assert.Contains("For t-shirt: Classic Tee in navy blue, White Tee and c.", advice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_and_short_categories_are_said_plainly()
    {
        var request = new StylistRequest("two jackets and two pairs of shoes", ["jacket", "shoes"], 2, [DemoCatalogHits.Get("10241")]);

        var advice = await new TemplateStylistAssistant().AdviseAsync(request);

        Assert.Contains("I found no jacket that matches.", advice.Text, StringComparison.Ordinal);
        Assert.Contains("For shoes, only 1 of the 2 you asked for: ", advice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_found_at_all_is_said_plainly()
    {
        var named = await new TemplateStylistAssistant().AdviseAsync(new StylistRequest("jackets or shoes", ["jacket", "shoes"], 2, []));
        var anything = await new TemplateStylistAssistant().AdviseAsync(new StylistRequest("something", [], 3, []));

        Assert.Equal("I could not find any jacket or shoes in the catalog for this request.", named.Text);
        Assert.Equal("I could not find anything in the catalog for this request.", anything.Text);
    }

    [Fact]
    public async Task A_whole_catalog_search_lists_items_with_their_categories()
    {
        var request = new StylistRequest("something red", [], 2, [DemoCatalogHits.Get("10079"), DemoCatalogHits.Get("10139")]);

        var advice = await new TemplateStylistAssistant().AdviseAsync(request);

        Assert.Equal("Here is what I found for you. From the whole catalog: Red Shirt (shirt) and Red Pants (pants).", advice.Text);
    }

    [Fact]
    public async Task With_a_photo_the_advice_says_the_items_go_with_it()
    {
        var request = new StylistRequest("", ["pants"], 1, [DemoCatalogHits.Get("10139")], ImageInput.FromFile(DemoCatalogHits.ImagePath("10081")));

        var advice = await new TemplateStylistAssistant().AdviseAsync(request);

        Assert.StartsWith("Here is what I found to go with your photo.", advice.Text, StringComparison.Ordinal);
    }
}
