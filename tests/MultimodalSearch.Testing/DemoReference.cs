using System.Text.Json;

namespace MultimodalSearch.Testing;

/// <summary>
/// What the reference pipeline (PIL decode, the HF image processor, PyTorch) recorded for the demo model and
/// catalog (<c>models/blip2-fashion-demo/reference.json</c>), read once and shared by every test project.
/// </summary>
public sealed class DemoReference
{
    private static readonly Lazy<DemoReference> Shared = new(() => new DemoReference());

    private DemoReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoModel, "reference.json")));
        var root = document.RootElement;
        CatalogIds = [.. root.GetProperty("catalog_ids").EnumerateArray().Select(e => e.ToString())];
        Queries = [.. root.GetProperty("queries").EnumerateArray().Select(e => e.GetString()!)];
        QueryTokenIds = [.. root.GetProperty("query_token_ids").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray())];
        QueryTextEmbeds = [.. root.GetProperty("query_text_embeds_cls").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray())];
        Top10Ids = [.. root.GetProperty("top10_ids_by_max_over_queries").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.ToString()).ToArray())];
        Top10Scores = [.. root.GetProperty("top10_scores_by_max_over_queries").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray())];
        First6ImageEmbeds = [.. root.GetProperty("first6_image_embeds").EnumerateArray()
            .Select(image => image.EnumerateArray().SelectMany(q => q.EnumerateArray().Select(x => x.GetSingle())).ToArray())];
    }

    /// <summary>Gets the reference, read on first use.</summary>
    public static DemoReference Instance => Shared.Value;

    /// <summary>Gets the catalog's ids in catalog order.</summary>
    public IReadOnlyList<string> CatalogIds { get; }

    /// <summary>Gets the 12 query texts.</summary>
    public IReadOnlyList<string> Queries { get; }

    /// <summary>Gets the token ids of each query.</summary>
    public IReadOnlyList<int[]> QueryTokenIds { get; }

    /// <summary>Gets each query's text embedding (the [CLS] row).</summary>
    public IReadOnlyList<float[]> QueryTextEmbeds { get; }

    /// <summary>Gets each query's top-10 catalog ids by BLIP-2's max over query vectors.</summary>
    public IReadOnlyList<string[]> Top10Ids { get; }

    /// <summary>Gets the scores of <see cref="Top10Ids"/>.</summary>
    public IReadOnlyList<float[]> Top10Scores { get; }

    /// <summary>Gets the image embeddings of the first 6 catalog images, all query vectors of each contiguous.</summary>
    public IReadOnlyList<float[]> First6ImageEmbeds { get; }

    /// <summary>Gets query <paramref name="index"/>'s reference text embedding as a <see cref="TextEmbedding"/>.</summary>
    /// <param name="index">The query's index.</param>
    /// <returns>The embedding.</returns>
    public TextEmbedding QueryTextEmbedding(int index) => new(QueryTextEmbeds[index]);
}
