using FashionSearch.Console.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch;

namespace FashionSearch.Console.Bench;

/// <summary>
/// The whole <c>ask</c> request offline (keyword classifier and template advice; no LLM even when one is
/// configured), for text requests and photo requests apart.
/// </summary>
internal static class AskBench
{
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(IConfiguration configuration, IMultimodalEmbedder embedder, ICatalogStore store, string storeName, BenchSettings settings, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(embedder);
        services.AddSingleton(store);
        services.AddMultimodalFashionSearch(configuration);
        await using var provider = services.BuildServiceProvider();
        var workflow = provider.GetRequiredService<FashionSearchWorkflow>();

        var categories = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var photo = Directory.GetFiles(Path.Combine(BundledModel.Catalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        FashionSearchRequest[] texts = [.. categories.Take(3).Select(c => new FashionSearchRequest($"show me two black {c}"))];
        FashionSearchRequest[] photos =
        [
            new("something to go with this", ImageInput.FromFile(photo)),
            new($"a {categories[0]} like this but in red", ImageInput.FromFile(photo)),
        ];
        return
        [
            await MeasureAsync(workflow, texts, "ask.offline.text", $"ask end to end, offline (no LLM), text requests, {storeName}", settings, cancellationToken).ConfigureAwait(false),
            await MeasureAsync(workflow, photos, "ask.offline.photo", $"ask end to end, offline (no LLM), photo + text requests, {storeName}", settings, cancellationToken).ConfigureAwait(false),
        ];
    }

    private static async Task<BenchFigure> MeasureAsync(FashionSearchWorkflow workflow, FashionSearchRequest[] requests, string id, string what, BenchSettings settings, CancellationToken cancellationToken)
    {
        var samples = await Timer.MeasureAsync(
            run => workflow.AskAsync(requests[run % requests.Length], cancellationToken),
            settings.Warmup,
            settings.AskRounds * requests.Length,
            cancellationToken).ConfigureAwait(false);
        return BenchFigure.Latency(id, what, samples);
    }
}
