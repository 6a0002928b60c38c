using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// Guards the measured defaults (category phrases, fused weights) on the demo catalog: every product comes in
/// 10 colours, so "the right colour" is checkable for every item found. The numbers are in docs/workflow.md.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class SearchQualityTests(DemoCatalogFixture demo, ITestOutputHelper output)
{
    private static readonly string[] Colours = ["black", "white", "red", "green", "blue", "yellow", "pink", "purple", "grey", "brown"];
    private static readonly string[] Categories = ["jacket", "jersey", "pants", "shirt", "shoes", "t-shirt"];

    [Fact]
    public async Task Category_phrases_find_each_category_in_its_own_colour_far_more_often_than_the_whole_message()
    {
        var cases = TwoCategoryRequests().ToList();

        var withPhrases = await ColourPrecisionAsync(new FashionSearchOptions { RankByAttributes = false }, cases);
        var wholeMessage = await ColourPrecisionAsync(new FashionSearchOptions { SearchWithCategoryPhrases = false, RankByAttributes = false }, cases);

        output.WriteLine($"{cases.Count} requests: right colour with phrases {withPhrases:0.000}, with the whole message {wholeMessage:0.000}");
        Assert.True(withPhrases >= 0.95, $"Category phrases found the right colour for {withPhrases:0.000} of the items; at least 0.95 expected.");
        Assert.True(withPhrases - wholeMessage >= 0.3, $"Category phrases ({withPhrases:0.000}) should beat the whole message ({wholeMessage:0.000}) by at least 0.3.");
    }

    [Fact]
    public async Task Default_weights_let_a_colour_in_the_text_win_and_otherwise_follow_the_photo()
    {
        int textColour = 0, photoColour = 0, items = 0;
        var workflow = Workflow(new FashionSearchOptions());
        foreach (var id in demo.Styles.Keys.Where((_, i) => i % 12 == 0))
        {
            var row = demo.Styles[id];
            var otherColour = Colours[(Array.IndexOf(Colours, row[2]) + 4) % Colours.Length];
            var withColour = await workflow.AskAsync(new FashionSearchRequest($"{otherColour} {row[1]}", ImageInput.FromFile(demo.ImagePath(id))));
            var categoryOnly = await workflow.AskAsync(new FashionSearchRequest(row[1], ImageInput.FromFile(demo.ImagePath(id))));
            textColour += withColour.Items.Count(i => demo.Colour(i.Id) == otherColour);
            photoColour += categoryOnly.Items.Count(i => demo.Colour(i.Id) == row[2]);
            items += withColour.Items.Count;
            Assert.Equal(withColour.Items.Count, categoryOnly.Items.Count);
        }

        var textRate = (double)textColour / items;
        var photoRate = (double)photoColour / items;
        output.WriteLine($"{items} items: text colour wins {textRate:0.000}; photo colour with a category-only text {photoRate:0.000}");
        Assert.True(textRate >= 0.9, $"A colour in the text won for {textRate:0.000} of the items; at least 0.9 expected.");
        Assert.True(photoRate >= 0.7, $"With a category-only text, {photoRate:0.000} of the items had the photo's colour; at least 0.7 expected.");
    }

    private static IEnumerable<(string Message, Dictionary<string, string> Colours)> TwoCategoryRequests()
    {
        for (var i = 0; i < Colours.Length; i++)
        {
            for (var j = 0; j < Categories.Length; j++)
            {
                var first = Categories[j];
                var second = Categories[(j + 1 + i) % Categories.Length];
                if (first != second)
                {
                    var firstColour = Colours[i];
                    var secondColour = Colours[(i + 3 + j) % Colours.Length];
                    yield return ($"I need a {firstColour} {first} and {secondColour} {second}", new() { [first] = firstColour, [second] = secondColour });
                }
            }
        }
    }

    private async Task<double> ColourPrecisionAsync(FashionSearchOptions options, IReadOnlyList<(string Message, Dictionary<string, string> Colours)> cases)
    {
        var workflow = Workflow(options);
        int right = 0, total = 0;
        foreach (var (message, colours) in cases)
        {
            var result = await workflow.AskAsync(new FashionSearchRequest(message));
            Assert.Equal(colours.Keys.Order(StringComparer.Ordinal), result.Categories.Order(StringComparer.Ordinal));
            right += result.Items.Count(item => demo.Colour(item.Id) == colours[item.Category]);
            total += result.Items.Count;
        }

        return (double)right / total;
    }

    private FashionSearchWorkflow Workflow(FashionSearchOptions options) =>
        new(demo.Embedder, demo.Store, new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())), new TemplateStylistAssistant(), Options.Create(options));
}
