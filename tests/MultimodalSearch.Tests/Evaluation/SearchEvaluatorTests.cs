using MultimodalSearch.Embedded;
using MultimodalSearch.Evaluation;
using MultimodalSearch.Tests.Workflow;
using Xunit.Abstractions;

namespace MultimodalSearch.Tests.Evaluation;

/// <summary>
/// The evaluator on the real demo model and the 360-item demo catalog in an embedded store: each ranking is
/// checked against the store's own search or a brute-force mean-pooled ranking computed here, and each metric
/// against <see cref="RankingMetrics"/> on that ranking.
/// </summary>
[Collection(DemoCatalogCollection.Name)]
public sealed class SearchEvaluatorTests(DemoCatalogFixture demo, ITestOutputHelper output)
{
    private const int K = 10;
    private const int Depth = 20;

    [Fact]
    public async Task The_max_mode_ranks_as_the_store_searches_and_leaves_the_photo_item_out()
    {
        var photo = Ids("shirt", "blue", "striped")[0];
        JudgedQuery[] queries =
        [
            new() { Id = "red tee", Text = "a red t-shirt", Relevance = Relevant(Ids("t-shirt", "red")) },
            new() { Id = "photo", ImageItemId = photo, Relevance = Relevant(Ids("shirt", "blue", "striped").Skip(1)) },
            new() { Id = "shoes only", Text = "something black", Categories = ["shoes"], Relevance = Relevant(Ids("shoes", "black")) },
        ];

        var report = await Evaluator().EvaluateAsync(queries, Options(ScoringMode.Max));

        var photoEmbedding = (await demo.Store.GetAsync(photo))!.Embedding;
        var expected = new[]
        {
            await StoreRankingAsync(new CatalogQuery { Text = await demo.Embedder.EmbedTextAsync("a red t-shirt"), Top = Depth }),
            (await StoreRankingAsync(new CatalogQuery { Image = photoEmbedding, Top = Depth + 1 })).Where(id => id != photo).ToList(),
            await StoreRankingAsync(new CatalogQuery { Text = await demo.Embedder.EmbedTextAsync("something black"), Categories = ["shoes"], Top = Depth }),
        };
        for (var q = 0; q < queries.Length; q++)
        {
            var result = report.Queries.Single(r => r.QueryId == queries[q].Id);
            Assert.Equal(expected[q].Take(K), result.TopIds);
            Assert.Equal(RankingMetrics.Compute(expected[q], queries[q].Relevance, K), result.Metrics);
        }

        Assert.DoesNotContain(photo, report.Queries.Single(r => r.QueryId == "photo").TopIds);
        Assert.All(report.Queries.Single(r => r.QueryId == "shoes only").TopIds, id => Assert.Equal("shoes", demo.Styles[id][1]));
    }

    [Fact]
    public async Task The_mean_mode_ranks_every_item_by_its_mean_pooled_vector()
    {
        var photo = Ids("jacket", "green", "dotted")[0];
        JudgedQuery[] queries =
        [
            new() { Id = "text", Text = "a green jacket", Relevance = Relevant(Ids("jacket", "green")) },
            new() { Id = "photo+text", ImageItemId = photo, Text = "in red", Relevance = Relevant(Ids("jacket", "red", "dotted")) },
        ];

        var report = await Evaluator().EvaluateAsync(queries, Options(ScoringMode.Mean));

        var items = new List<CatalogItem>();
        foreach (var id in demo.Styles.Keys)
        {
            items.Add((await demo.Store.GetAsync(id))!);
        }

        var text = await demo.Embedder.EmbedTextAsync("a green jacket");
        var inRed = await demo.Embedder.EmbedTextAsync("in red");
        var photoEmbedding = items.Single(i => i.Id == photo).Embedding;
        var byText = BruteForce(items, item => Dot(text.Vector.Span, EmbeddingSimilarity.MeanPool(item.Embedding)));
        var byBoth = BruteForce(
            items.Where(i => i.Id != photo),
            item => (Dot(inRed.Vector.Span, EmbeddingSimilarity.MeanPool(item.Embedding)) + EmbeddingSimilarity.ImageToImage(photoEmbedding, item.Embedding, ImageSimilarity.MeanPooledCosine)) / 2);
        Assert.Equal(byText.Take(K), report.Queries.Single(r => r.QueryId == "text").TopIds);
        Assert.Equal(byBoth.Take(K), report.Queries.Single(r => r.QueryId == "photo+text").TopIds);
        Assert.Equal(RankingMetrics.Compute(byText.Take(Depth).ToList(), queries[0].Relevance, K), report.Queries.Single(r => r.QueryId == "text").Metrics);
    }

    [Fact]
    public async Task Fused_modes_weigh_text_and_photo_as_the_store_does_and_only_for_photo_and_text_queries()
    {
        var photo = Ids("pants", "grey", "plain")[0];
        JudgedQuery[] queries =
        [
            new() { Id = "fused", ImageItemId = photo, Text = "in yellow", Relevance = Relevant(Ids("pants", "yellow", "plain")) },
            new() { Id = "text", Text = "yellow pants", Relevance = Relevant(Ids("pants", "yellow")) },
        ];
        var options = Options(ScoringMode.Max, ScoringMode.Fused(4, 1));

        var report = await Evaluator().EvaluateAsync(queries, options);

        var expected = (await StoreRankingAsync(new CatalogQuery
        {
            Text = await demo.Embedder.EmbedTextAsync("in yellow"),
            Image = (await demo.Store.GetAsync(photo))!.Embedding,
            TextWeight = 4,
            ImageWeight = 1,
            Top = Depth + 1,
        })).Where(id => id != photo).Take(K);
        Assert.Equal(expected, report.Queries.Single(r => r.QueryId == "fused" && r.Scoring == "fused t4:i1").TopIds);
        Assert.Equal(["max"], report.Queries.Where(r => r.QueryId == "text").Select(r => r.Scoring));
        Assert.Equal(
            [(QueryKind.Text, "max"), (QueryKind.PhotoAndText, "max"), (QueryKind.PhotoAndText, "fused t4:i1")],
            report.Summaries.Select(s => (s.Kind, s.Scoring)));
    }

    [Fact]
    public async Task Summaries_average_their_queries_and_state_the_best_precision_the_judgments_allow()
    {
        JudgedQuery[] queries =
        [
            new() { Id = "six relevant", Text = "a white shirt", Relevance = Relevant(Ids("shirt", "white")) },
            new() { Id = "two relevant", Text = "white striped shirt", Relevance = Relevant(Ids("shirt", "white", "striped")) },
        ];

        var report = await Evaluator().EvaluateAsync(queries, Options(ScoringMode.Max));

        var summary = Assert.Single(report.Summaries);
        Assert.Equal(2, summary.Queries);
        Assert.Equal(RankingMetrics.Mean([.. report.Queries.Select(q => q.Metrics)]), summary.Metrics);
        Assert.Equal((0.6 + 0.2) / 2, summary.IdealPrecision, 1e-12);
        Assert.Equal(360, report.CatalogItems);
    }

    [Fact]
    public async Task Queries_that_do_not_fit_the_catalog_are_refused_before_anything_is_searched()
    {
        var evaluator = Evaluator();
        async Task<string> RefusedAsync(JudgedQuery query)
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => evaluator.EvaluateAsync([query], Options(ScoringMode.Max)));
            Assert.Equal("queries", ex.ParamName);
            return ex.Message;
        }

        Assert.Contains("99999", await RefusedAsync(new JudgedQuery { Id = "q", Text = "a", Relevance = Relevant(["10001", "99999"]) }), StringComparison.Ordinal);
        Assert.Contains("'hats'", await RefusedAsync(new JudgedQuery { Id = "q", Text = "a", Categories = ["hats"], Relevance = Relevant(["10001"]) }), StringComparison.Ordinal);
        Assert.Contains("'nope'", await RefusedAsync(new JudgedQuery { Id = "q", ImageItemId = "nope", Relevance = Relevant(["10001"]) }), StringComparison.Ordinal);
        Assert.Contains("no item relevant", await RefusedAsync(new JudgedQuery { Id = "q", Text = "a", Relevance = new Dictionary<string, int>() }), StringComparison.Ordinal);
        var twice = new JudgedQuery { Id = "q", Text = "a", Relevance = Relevant(["10001"]) };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => evaluator.EvaluateAsync([twice, twice with { Text = "b" }]));
        Assert.Contains("'q'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_catalog_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("evaluator-empty-").FullName;
        try
        {
            using var store = await EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = folder });

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new SearchEvaluator(demo.Embedder, store).EvaluateAsync([new JudgedQuery { Id = "q", Text = "a", Relevance = Relevant(["1"]) }]));

            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task On_the_demo_catalog_max_over_query_vectors_beats_one_mean_pooled_vector_for_text_and_photos()
    {
        var evaluator = Evaluator();
        var queries = AttributeQuerySet.Create(await evaluator.GetCatalogItemsAsync());

        var report = await evaluator.EvaluateAsync(queries, Options(ScoringMode.Max, ScoringMode.Mean));

        foreach (var s in report.Summaries)
        {
            output.WriteLine($"{s.Kind} {s.Scoring} n={s.Queries}: P@10 {s.Metrics.Precision:F3} (ideal {s.IdealPrecision:F3}) R@10 {s.Metrics.Recall:F3} nDCG@10 {s.Metrics.Ndcg:F3} MRR {s.Metrics.ReciprocalRank:F3}");
        }

        Assert.Equal((360, 180, 180), (Count(QueryKind.Text), Count(QueryKind.Photo), Count(QueryKind.PhotoAndText)));
        var max = report.Find(QueryKind.Text, "max")!.Metrics;
        var mean = report.Find(QueryKind.Text, "mean")!.Metrics;
        Assert.True(max.Precision - mean.Precision >= 0.1, $"Text precision@10: max {max.Precision:F3}, mean {mean.Precision:F3}; max should lead by at least 0.1.");
        Assert.True(max.Ndcg > mean.Ndcg && max.ReciprocalRank > mean.ReciprocalRank);
        Assert.Equal("max", report.Best(QueryKind.Text)!.Scoring);
        Assert.True(report.Find(QueryKind.Photo, "max")!.Metrics.ReciprocalRank > report.Find(QueryKind.Photo, "mean")!.Metrics.ReciprocalRank);

        int Count(QueryKind kind) => queries.Count(q => q.Kind == kind);
    }

    private SearchEvaluator Evaluator() => new(demo.Embedder, demo.Store);

    private static EvaluationOptions Options(params ScoringMode[] modes)
    {
        var options = new EvaluationOptions { K = K, Depth = Depth };
        options.Modes.Clear();
        foreach (var mode in modes)
        {
            options.Modes.Add(mode);
        }

        return options;
    }

    private async Task<List<string>> StoreRankingAsync(CatalogQuery query) => [.. (await demo.Store.SearchAsync(query)).Select(h => h.Id)];

    private string[] Ids(string category, string colour, string? pattern = null) =>
        [.. demo.Styles.Where(s => s.Value[1] == category && s.Value[2] == colour && (pattern is null || s.Value[3] == pattern)).Select(s => s.Key).Order(StringComparer.Ordinal)];

    private static Dictionary<string, int> Relevant(IEnumerable<string> ids) => ids.ToDictionary(id => id, _ => 1, StringComparer.Ordinal);

    private static List<string> BruteForce(IEnumerable<CatalogItem> items, Func<CatalogItem, float> score) =>
        [.. items.Select(i => (i.Id, Score: score(i))).OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id)];

    private static float Dot(ReadOnlySpan<float> a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
