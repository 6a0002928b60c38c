using Microsoft.Extensions.Options;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>The acceptance cases, offline, on the real demo model and catalog in the embedded store.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class FashionSearchWorkflowTests(DemoCatalogFixture demo)
{
    private const string RedStripedShirt = "10081";
    private const string BlueTShirt = "10025";

    [Fact]
    public async Task Two_black_t_shirts_finds_two_black_t_shirts()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("show me two black t-shirts"));

        Assert.Equal(["t-shirt"], result.Categories);
        Assert.Equal(2, result.Count);
        Assert.Equal(2, result.Items.Count);
        Assert.All(result.Items, item => Assert.Equal("t-shirt", item.Category));
        Assert.All(result.Items, item => Assert.Equal("black", demo.Colour(item.Id)));
        Assert.Equal(ResultSource.Offline, result.ClassifiedBy);
        Assert.Equal(ResultSource.Offline, result.AdvisedBy);
        Assert.Null(result.ClassificationFallbackReason);
    }

    [Fact]
    public async Task A_green_jacket_and_brown_shoes_finds_one_of_each_in_its_colour()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("I need a green jacket and brown shoes"));

        Assert.Equal(["jacket", "shoes"], result.Categories);
        Assert.Equal(1, result.Count);
        var jacket = Assert.Single(result.ItemsIn("jacket"));
        var shoes = Assert.Single(result.ItemsIn("shoes"));
        Assert.Equal("green", demo.Colour(jacket.Id));
        Assert.Equal("brown", demo.Colour(shoes.Id));
        Assert.Equal(2, result.Items.Count);
    }

    [Fact]
    public async Task A_photo_of_a_shirt_with_find_pants_finds_pants_only()
    {
        var request = new FashionSearchRequest("find pants to go with this", ImageInput.FromFile(demo.ImagePath(RedStripedShirt)));

        var result = await Workflow().AskAsync(request);

        Assert.Equal(["pants"], result.Categories);
        Assert.Equal(1, result.Count);
        Assert.Equal("pants", Assert.Single(result.Items).Category);
        Assert.Equal(PhotoRelation.Complement, result.Relation);
        Assert.Equal("shirt", result.PhotoCategory);
    }

    [Fact]
    public async Task A_photo_without_a_category_completes_the_outfit_with_every_other_category()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("what goes with this?", ImageInput.FromFile(demo.ImagePath(RedStripedShirt))));

        Assert.Equal("shirt", result.PhotoCategory);
        Assert.Equal(["jacket", "jersey", "pants", "shoes", "t-shirt"], result.Categories);
        Assert.Equal(1, result.Count);
        Assert.Equal(result.Categories, result.Items.Select(i => i.Category));
    }

    [Fact]
    public async Task A_message_without_a_category_searches_the_whole_catalog()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("something red"));

        Assert.Empty(result.Categories);
        Assert.Equal(3, result.Count);
        Assert.Equal(3, result.Items.Count);
        Assert.All(result.Items, item => Assert.Equal("red", demo.Colour(item.Id)));
    }

    [Fact]
    public async Task A_photo_alone_completes_the_outfit_and_with_only_a_colour_asks_for_the_photo_in_that_colour()
    {
        var photoAlone = await Workflow().AskAsync(new FashionSearchRequest("", ImageInput.FromFile(demo.ImagePath(BlueTShirt))));
        var photoAndRed = await Workflow().AskAsync(new FashionSearchRequest("red", ImageInput.FromFile(demo.ImagePath(BlueTShirt))));

        // The photo alone: every other category, to go with it. "red" with it: this t-shirt, in red.
        Assert.Equal(PhotoRelation.Complement, photoAlone.Relation);
        Assert.DoesNotContain("t-shirt", photoAlone.Categories);
        Assert.Equal(PhotoRelation.Similar, photoAndRed.Relation);
        Assert.Equal(["t-shirt"], photoAndRed.Categories);
        Assert.Equal("red", demo.Colour(Assert.Single(photoAndRed.Items).Id));
    }

    [Fact]
    public async Task With_a_photo_the_text_colour_wins_and_without_one_the_photo_decides()
    {
        var redTShirts = await Workflow().AskAsync(new FashionSearchRequest("red t-shirts", ImageInput.FromFile(demo.ImagePath(BlueTShirt))));
        var tShirts = await Workflow().AskAsync(new FashionSearchRequest("t-shirts", ImageInput.FromFile(demo.ImagePath(BlueTShirt))));

        Assert.All(redTShirts.Items, item => Assert.Equal("red", demo.Colour(item.Id)));
        Assert.All(tShirts.Items, item => Assert.Equal("blue", demo.Colour(item.Id)));
    }

    [Fact]
    public async Task Text_weight_zero_equals_the_photo_alone_and_image_weight_zero_the_text_alone()
    {
        var photo = await demo.Embedder.EmbedImageAsync(ImageInput.FromFile(demo.ImagePath(BlueTShirt)));
        var text = await demo.Embedder.EmbedTextAsync("red t-shirt");
        var photoOnly = await demo.Store.SearchAsync(new CatalogQuery { Image = photo, Categories = ["t-shirt"], Top = 2 });
        var textOnly = await demo.Store.SearchAsync(new CatalogQuery { Text = text, Categories = ["t-shirt"], Top = 2 });
        var defaults = new FashionSearchOptions();
        var fused = await demo.Store.SearchAsync(new CatalogQuery { Text = text, Image = photo, TextWeight = defaults.TextWeight, ImageWeight = defaults.ImageWeight, Categories = ["t-shirt"], Top = 2 });
        var request = new FashionSearchRequest("red t-shirts", ImageInput.FromFile(demo.ImagePath(BlueTShirt)));

        // The scores alone decide here: no product grouping, no attribute ranking.
        var textWeightZero = await Workflow(options: new FashionSearchOptions { TextWeight = 0, ImageWeight = 1, DistinctBy = "", RankByAttributes = false }).AskAsync(request);
        var imageWeightZero = await Workflow(options: new FashionSearchOptions { TextWeight = 1, ImageWeight = 0, DistinctBy = "", RankByAttributes = false }).AskAsync(request);
        var withDefaults = await Workflow(options: new FashionSearchOptions { DistinctBy = "", RankByAttributes = false }).AskAsync(request);

        AssertSameHits(photoOnly, textWeightZero.Items);
        AssertSameHits(textOnly, imageWeightZero.Items);
        AssertSameHits(fused, withDefaults.Items);
        Assert.NotEqual(photoOnly.Select(h => h.Id), textOnly.Select(h => h.Id));
    }

    [Fact]
    public async Task Category_phrases_can_be_turned_off_to_search_with_the_whole_message()
    {
        var message = "I need a green jacket and brown shoes";
        var whole = await demo.Embedder.EmbedTextAsync(message);
        var expected = await demo.Store.SearchAsync(new CatalogQuery { Text = whole, Categories = ["shoes"], Top = 1 });

        var result = await Workflow(options: new FashionSearchOptions { SearchWithCategoryPhrases = false }).AskAsync(new FashionSearchRequest(message));

        AssertSameHits(expected, result.ItemsIn("shoes"));
    }

    [Fact]
    public async Task A_photo_from_a_stream_is_read_once_and_used_for_search_and_advice()
    {
        await using var stream = File.OpenRead(demo.ImagePath(RedStripedShirt));
        var stylist = new RecordingStylist();

        var result = await Workflow(stylist: stylist).AskAsync(new FashionSearchRequest("find pants to go with this", ImageInput.FromStream(stream, "upload.jpg")));

        Assert.Equal("pants", Assert.Single(result.Items).Category);
        var photo = Assert.IsAssignableFrom<ImageInput>(stylist.Requests.Single().Photo);
        Assert.Equal(File.ReadAllBytes(demo.ImagePath(RedStripedShirt)), (await photo.ReadAsync()).ToArray());
        Assert.Equal("upload.jpg", photo.Name);
    }

    [Fact]
    public async Task Categories_a_custom_classifier_invents_are_not_searched()
    {
        var classifier = new FixedClassifier(new IntentClassification(["hats", "shoes"], 2, ResultSource.Llm));

        var result = await Workflow(classifier).AskAsync(new FashionSearchRequest("anything"));

        Assert.Equal(["shoes"], result.Categories);
        Assert.Equal(2, result.ItemsIn("shoes").Count);
    }

    [Fact]
    public async Task Timings_cover_every_stage()
    {
        var result = await Workflow().AskAsync(new FashionSearchRequest("find pants to go with this", ImageInput.FromFile(demo.ImagePath(RedStripedShirt))));

        var t = result.Timings;
        Assert.All([t.EmbedMilliseconds, t.ClassifyMilliseconds, t.SearchMilliseconds, t.AdviseMilliseconds], ms => Assert.InRange(ms, 0, t.TotalMilliseconds));
        Assert.True(t.EmbedMilliseconds > 0, "Embedding a photo takes some time.");
        Assert.True(t.EmbedMilliseconds + t.ClassifyMilliseconds + t.SearchMilliseconds + t.AdviseMilliseconds <= t.TotalMilliseconds);
    }

    private FashionSearchWorkflow Workflow(IIntentClassifier? classifier = null, IStylistAssistant? stylist = null, FashionSearchOptions? options = null) =>
        new(
            demo.Embedder,
            demo.Store,
            classifier ?? new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())),
            stylist ?? new TemplateStylistAssistant(),
            Options.Create(options ?? new FashionSearchOptions()));

    private static void AssertSameHits(IReadOnlyList<CatalogHit> expected, IReadOnlyList<FashionSearchItem> actual)
    {
        Assert.Equal(expected.Select(h => h.Id), actual.Select(i => i.Id));
        Assert.Equal(expected.Select(h => h.Score), actual.Select(i => i.Score), (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    private sealed class FixedClassifier(IntentClassification classification) : IIntentClassifier
    {
        public Task<IntentClassification> ClassifyAsync(IntentRequest request, CancellationToken cancellationToken = default) => Task.FromResult(classification);
    }

    private sealed class RecordingStylist : IStylistAssistant
    {
        public List<StylistRequest> Requests { get; } = [];

        public Task<StylistAdvice> AdviseAsync(StylistRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(new StylistAdvice("recorded", ResultSource.Offline));
        }
    }
}
