using System.Text.Json;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

/// <summary>The recorded outputs of the reference pipeline for the demo model and catalog.</summary>
internal sealed class DemoReference
{
    private static readonly Lazy<DemoReference> Shared = new(() => new DemoReference());

    private DemoReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoModel, "reference.json")));
        var root = document.RootElement;
        CatalogIds = root.GetProperty("catalog_ids").EnumerateArray().Select(e => e.ToString()).ToArray();
        Queries = root.GetProperty("queries").EnumerateArray().Select(e => e.GetString()!).ToArray();
        QueryTokenIds = root.GetProperty("query_token_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        QueryTextEmbeds = root.GetProperty("query_text_embeds_cls").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
        Top10Ids = root.GetProperty("top10_ids_by_max_over_queries").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.ToString()).ToArray()).ToArray();
        Top10Scores = root.GetProperty("top10_scores_by_max_over_queries").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
        First6ImageEmbeds = root.GetProperty("first6_image_embeds").EnumerateArray()
            .Select(image => image.EnumerateArray().SelectMany(q => q.EnumerateArray().Select(x => x.GetSingle())).ToArray()).ToArray();
    }

    public static DemoReference Instance => Shared.Value;

    public string[] CatalogIds { get; }

    public string[] Queries { get; }

    public int[][] QueryTokenIds { get; }

    public float[][] QueryTextEmbeds { get; }

    public string[][] Top10Ids { get; }

    public float[][] Top10Scores { get; }

    public float[][] First6ImageEmbeds { get; }
}
