using System.Text.Json;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>The demo model's reference results (models/blip2-fashion-demo/reference.json), computed with PyTorch.</summary>
public sealed class DemoReference
{
    private DemoReference(string[] queries, TextEmbedding[] textEmbeddings, string[][] top10Ids, float[][] top10Scores)
    {
        Queries = queries;
        TextEmbeddings = textEmbeddings;
        Top10Ids = top10Ids;
        Top10Scores = top10Scores;
    }

    /// <summary>Gets the 12 query texts.</summary>
    public IReadOnlyList<string> Queries { get; }

    /// <summary>Gets the reference text embeddings of the queries (<c>query_text_embeds_cls</c>).</summary>
    public IReadOnlyList<TextEmbedding> TextEmbeddings { get; }

    /// <summary>Gets each query's top-10 catalog ids by BLIP-2's max over query vectors.</summary>
    public IReadOnlyList<string[]> Top10Ids { get; }

    /// <summary>Gets the scores of <see cref="Top10Ids"/>.</summary>
    public IReadOnlyList<float[]> Top10Scores { get; }

    /// <summary>Reads the reference file.</summary>
    /// <returns>The reference.</returns>
    public static DemoReference Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.DemoModel, "reference.json")));
        var root = document.RootElement;
        return new DemoReference(
            [.. root.GetProperty("queries").EnumerateArray().Select(q => q.GetString()!)],
            [.. root.GetProperty("query_text_embeds_cls").EnumerateArray().Select(v => new TextEmbedding(v.EnumerateArray().Select(x => x.GetSingle()).ToArray()))],
            [.. root.GetProperty("top10_ids_by_max_over_queries").EnumerateArray().Select(row => row.EnumerateArray().Select(id => id.ToString()).ToArray())],
            [.. root.GetProperty("top10_scores_by_max_over_queries").EnumerateArray().Select(row => row.EnumerateArray().Select(s => s.GetSingle()).ToArray())]);
    }
}
