using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MultimodalSearch.Testing.Catalog;

/// <summary>
/// What a shopper must get from the workflow on any store holding the demo catalog: distinct products, the catalog's
/// attribute vocabulary, honest misses and composed photo requests. Shared so that every store is held to the same.
/// </summary>
public static class DemoShopperChecks
{
    private static IReadOnlyDictionary<string, string[]> Styles => DemoStyles.Rows;

    /// <summary>Runs the checks against a store that holds the demo catalog.</summary>
    /// <param name="embedder">The demo model.</param>
    /// <param name="store">The store.</param>
    /// <returns>A task that completes when the checks pass.</returns>
    public static async Task RunAsync(IMultimodalEmbedder embedder, ICatalogStore store)
    {
        // The vocabulary comes from the catalog's metadata: ten colours, three patterns, six categories.
        var facets = await store.GetFacetsAsync();
        Assert.Equal(["jacket", "jersey", "pants", "shirt", "shoes", "t-shirt"], facets.Categories);
        Assert.Equal(Styles.Values.Select(r => r[2]).Distinct().Order(StringComparer.Ordinal), facets.Attributes["baseColour"]);
        Assert.Equal(["dotted", "plain", "striped"], facets.Attributes["pattern"]);

        // Offline, as an app registers it: no chat client, the default options.
        var services = new ServiceCollection();
        services.AddSingleton(embedder);
        services.AddSingleton(store);
        services.AddMultimodalFashionSearch(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();
        var workflow = provider.GetRequiredService<FashionSearchWorkflow>();

        // Two black t-shirts are two products, not two photos of one.
        var tShirts = await workflow.AskAsync(new FashionSearchRequest("show me two black t-shirts"));
        Assert.Equal(2, tShirts.Items.Count);
        Assert.NotEqual(tShirts.Items[0].Name, tShirts.Items[1].Name);
        Assert.All(tShirts.Items, item => Assert.Equal(("t-shirt", "black"), (Styles[item.Id][1], Styles[item.Id][2])));

        // More shows nothing shown before.
        var more = await workflow.AskAsync(new FashionSearchRequest("show me more") { Conversation = tShirts.Conversation });
        var shown = tShirts.Items.Select(i => i.Name).ToHashSet();
        Assert.All(more.Items, item => Assert.DoesNotContain(item.Name, shown));

        // A blue jersey's photo "the same in red": a red jersey.
        var red = await workflow.AskAsync(new FashionSearchRequest("the same in red") { PhotoItemId = "10325" });
        Assert.Equal(("jersey", "red"), (Styles[red.Items[0].Id][1], Styles[red.Items[0].Id][2]));

        // The shop has no hats: said, and nothing else shown instead.
        var hats = await workflow.AskAsync(new FashionSearchRequest("two hats"));
        Assert.Equal(["hat"], hats.Unmatched);
        Assert.Empty(hats.Items);
    }
}
