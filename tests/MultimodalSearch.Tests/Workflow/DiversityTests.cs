using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>Variety for broad requests (maximal marginal relevance) and near-identical images as one product.</summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class DiversityTests(DemoCatalogFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Diversity_spreads_a_broad_request_over_more_kinds_of_item_and_zero_keeps_the_ranking()
    {
        var plain = await Workflow(new FashionSearchOptions()).AskAsync(new FashionSearchRequest("show me 6 red items"));
        var off = await Workflow(new FashionSearchOptions { NearDuplicateSimilarity = null, Diversity = 0 }).AskAsync(new FashionSearchRequest("show me 6 red items"));
        var varied = await Workflow(new FashionSearchOptions { Diversity = 0.9 }).AskAsync(new FashionSearchRequest("show me 6 red items"));

        string Kinds(FashionSearchResult r) => string.Join(", ", r.Items.Select(i => $"{demo.Styles[i.Id][1]}/{demo.Styles[i.Id][3]}"));
        output.WriteLine($"ranked: {Kinds(plain)}\nvaried: {Kinds(varied)}");
        Assert.Equal(plain.Items.Select(i => i.Id), off.Items.Select(i => i.Id));
        Assert.Equal(6, varied.Items.Count);
        Assert.All(varied.Items, item => Assert.Equal("red", demo.Colour(item.Id)));
        int Distinct(FashionSearchResult r) => r.Items.Select(i => (demo.Styles[i.Id][1], demo.Styles[i.Id][3])).Distinct().Count();
        Assert.True(Distinct(varied) >= Distinct(plain), $"varied {Distinct(varied)} kinds, ranked {Distinct(plain)}");
        Assert.NotEqual(plain.Items.Select(i => i.Id), varied.Items.Select(i => i.Id));

        // What MMR promises: the items chosen look less alike than the best-ranked ones.
        async Task<double> MeanSimilarity(FashionSearchResult r)
        {
            var images = await Task.WhenAll(r.Items.Select(i => demo.Store.GetAsync(i.Id)));
            var pairs = from a in Enumerable.Range(0, images.Length) from b in Enumerable.Range(0, images.Length) where a < b select EmbeddingSimilarity.ImageToImage(images[a]!.Embedding, images[b]!.Embedding);
            return pairs.Average();
        }

        Assert.True(await MeanSimilarity(varied) <= await MeanSimilarity(plain), $"varied: {Kinds(varied)}; ranked: {Kinds(plain)}");
    }

    [Fact]
    public async Task Near_identical_images_count_as_one_product_even_with_names_ignored()
    {
        // Without names, two renders of one product may both come; with the image rule, no two chosen images are that close.
        var options = new FashionSearchOptions { DistinctBy = "", NearDuplicateSimilarity = 0.9995f };
        var result = await Workflow(options).AskAsync(new FashionSearchRequest("show me three black t-shirts"));

        Assert.Equal(3, result.Items.Count);
        var images = await Task.WhenAll(result.Items.Select(i => demo.Store.GetAsync(i.Id)));
        for (var a = 0; a < images.Length; a++)
        {
            for (var b = a + 1; b < images.Length; b++)
            {
                Assert.True(EmbeddingSimilarity.ImageToImage(images[b]!.Embedding, images[a]!.Embedding) < 0.9995f, $"{result.Items[a].Id} and {result.Items[b].Id}");
            }
        }
    }

    private FashionSearchWorkflow Workflow(FashionSearchOptions options) => new(
        demo.Embedder,
        demo.Store,
        new KeywordIntentClassifier(Options.Create(new IntentClassifierOptions())),
        new TemplateStylistAssistant(),
        Options.Create(options));
}
