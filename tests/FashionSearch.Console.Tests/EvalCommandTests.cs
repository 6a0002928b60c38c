using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary><c>eval</c> run as a process: the built-in query set on the demo catalog, against each kind of store.</summary>
public abstract class EvalCommandTests
{
    protected abstract StoreUnderTest CreateStore();

    /// <summary>Gets the options that size the run, and the number of text, photo and photo + text queries they give.</summary>
    protected abstract (string[] Options, int Text, int Photo, int PhotoAndText) Size { get; }

    [Fact]
    public async Task Eval_json_on_an_empty_store_indexes_the_demo_catalog_and_ranks_text_best_by_max_over_query_vectors()
    {
        await using var store = CreateStore();

        var result = await CliRunner.RunAsync(["eval", .. Size.Options, "--store", store.Spec, "--json"], environment: store.Environment, timeout: TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(360, root.GetProperty("catalogItems").GetInt32());
        Assert.Equal(10, root.GetProperty("k").GetInt32());
        var rows = root.GetProperty("results").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("queryType").GetString()!, r.GetProperty("scoring").GetString()!), r => r);
        Assert.Equal(
            [("text", "max"), ("text", "mean"), ("photo", "max"), ("photo", "mean"), ("photo+text", "max"), ("photo+text", "mean"), ("photo+text", "fused t1:i2"), ("photo+text", "fused t2:i1"), ("photo+text", "fused t4:i1"),
             ("photo+text", "text only"), ("photo+text", "photo only"), ("photo+text", "composed")],
            rows.Keys);

        // "The same in {colour}" with a catalog photo: the workflow's composed search beats either modality alone.
        double Ndcg((string, string) key) => rows[key].GetProperty("metrics").GetProperty("ndcgAtK").GetDouble();
        Assert.True(Ndcg(("photo+text", "composed")) > Ndcg(("photo+text", "text only")) + 0.2, $"composed {Ndcg(("photo+text", "composed")):F3}, text only {Ndcg(("photo+text", "text only")):F3}");
        Assert.True(Ndcg(("photo+text", "composed")) > Ndcg(("photo+text", "photo only")) + 0.2, $"composed {Ndcg(("photo+text", "composed")):F3}, photo only {Ndcg(("photo+text", "photo only")):F3}");
        Assert.Equal(Size.Text, rows[("text", "max")].GetProperty("queries").GetInt32());
        Assert.Equal(Size.Photo, rows[("photo", "mean")].GetProperty("queries").GetInt32());
        Assert.Equal(Size.PhotoAndText, rows[("photo+text", "fused t4:i1")].GetProperty("queries").GetInt32());
        foreach (var row in rows.Values)
        {
            var metrics = row.GetProperty("metrics");
            foreach (var name in new[] { "precisionAtK", "recallAtK", "ndcgAtK", "mrr" })
            {
                Assert.InRange(metrics.GetProperty(name).GetDouble(), 0, 1);
            }

            Assert.True(metrics.GetProperty("precisionAtK").GetDouble() <= row.GetProperty("idealPrecisionAtK").GetDouble() + 1e-12);
        }

        // "a {colour} {category}" has 6 relevant items, "{colour} {pattern} {category}" 2, half the text queries each
        // (an evenly spaced sample keeps the halves): the best precision@10 is (0.6 + 0.2) / 2.
        Assert.Equal(0.4, rows[("text", "max")].GetProperty("idealPrecisionAtK").GetDouble(), 1e-9);
        var max = Precision(rows[("text", "max")]);
        var mean = Precision(rows[("text", "mean")]);
        var text = root.GetProperty("text");
        Assert.Equal("max", text.GetProperty("defaultScoring").GetString());
        Assert.Equal("max", text.GetProperty("bestScoring").GetString());
        Assert.Equal(max, text.GetProperty("defaultPrecisionAtK").GetDouble(), 1e-12);
        Assert.Equal(mean, text.GetProperty("meanPrecisionAtK").GetDouble(), 1e-12);
        Assert.Equal(max - mean, text.GetProperty("defaultMinusMean").GetDouble(), 1e-12);
        Assert.True(max - mean >= 0.1, $"text precision@10: max {max:F3}, mean {mean:F3}");
    }

    protected static double Precision(JsonElement row) => row.GetProperty("metrics").GetProperty("precisionAtK").GetDouble();
}

[Collection(IndexedDemoStoreCollection.Name)]
public sealed class EmbeddedEvalCommandTests(IndexedDemoStore indexed) : EvalCommandTests
{
    private static readonly string[][] Styles = [.. File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv")).Skip(1).Select(l => l.Split(','))];

    protected override StoreUnderTest CreateStore() => new EmbeddedStoreUnderTest();

    protected override (string[] Options, int Text, int Photo, int PhotoAndText) Size => ([], 360, 180, 180);

    [Fact]
    public async Task Eval_with_a_query_file_reports_the_metrics_of_the_rankings_search_returns()
    {
        var folder = Directory.CreateTempSubdirectory("eval-queries-").FullName;
        try
        {
            var photoRow = Styles.First(s => s[1] == "jacket" && s[2] == "green" && s[3] == "dotted");
            Directory.CreateDirectory(Path.Combine(folder, "photos"));
            File.Copy(Path.Combine(TestPaths.DemoCatalog, photoRow[5]), Path.Combine(folder, "photos", "jacket.jpg"));
            var redTees = Ids(s => s[1] == "t-shirt" && s[2] == "red");
            var blackShoes = Styles.Where(s => s[1] == "shoes" && s[2] == "black").ToDictionary(s => s[0], s => s[3] == "plain" ? 2 : 1);
            var sameJackets = Ids(s => s[1] == "jacket" && s[2] == "green" && s[3] == "dotted" && s[0] != photoRow[0]);
            var file = Path.Combine(folder, "judged.jsonl");
            await File.WriteAllLinesAsync(file,
            [
                JsonSerializer.Serialize(new { id = "red tee", text = "a red t-shirt", relevant = redTees }),
                JsonSerializer.Serialize(new { id = "black shoes", text = "black shoes", categories = new[] { "shoes" }, relevant = blackShoes }),
                JsonSerializer.Serialize(new { id = "jacket photo", image = "photos/jacket.jpg", relevant = sameJackets, exclude = new[] { photoRow[0] } }),
            ]);

            var result = await CliRunner.RunAsync(["eval", "--queries", file, "-k", "5", "--depth", "20", "--per-query", "--store", indexed.Store.Spec, "--json"]);

            Assert.True(result.ExitCode == 0, result.ToString());
            using var json = JsonDocument.Parse(result.Stdout);
            Assert.Equal(file, json.RootElement.GetProperty("querySet").GetString());
            var perQuery = json.RootElement.GetProperty("queries").EnumerateArray()
                .Where(q => q.GetProperty("scoring").GetString() == "max")
                .ToDictionary(q => q.GetProperty("id").GetString()!, q => q);
            Assert.DoesNotContain(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("scoring").GetString()!.StartsWith("fused", StringComparison.Ordinal));

            await AssertMetricsAsync(perQuery["red tee"], ["--text", "a red t-shirt"], redTees.ToDictionary(id => id, _ => 1), exclude: null);
            await AssertMetricsAsync(perQuery["black shoes"], ["--text", "black shoes", "--category", "shoes"], blackShoes, exclude: null);
            await AssertMetricsAsync(perQuery["jacket photo"], ["--image", Path.Combine(folder, "photos", "jacket.jpg")], sameJackets.ToDictionary(id => id, _ => 1), exclude: photoRow[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"text": "a red t-shirt", "relevant": ["10001"]}""", """{"text": "oops", "relevant": ["10001"]""", "judged.jsonl:2: not valid JSON")]
    [InlineData("""{"text": "a red t-shirt", "relevant": ["10001"]}""", """{"text": "x", "relevant": ["99999"]}""", "'line 2' judges 1 item(s) relevant that the catalog does not have: 99999")]
    [InlineData("""{"text": "a red t-shirt", "categories": ["hats"], "relevant": ["10001"]}""", "", "the category 'hats'")]
    public async Task Eval_refuses_a_query_file_that_is_malformed_or_does_not_fit_the_catalog_with_exit_code_2(string first, string second, string error)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("eval-bad-").FullName, "judged.jsonl");
        await File.WriteAllLinesAsync(file, [first, second]);

        var result = await CliRunner.RunAsync(["eval", "--queries", file, "--store", indexed.Store.Spec, "--json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "-k", "0" }, "-k must be positive")]
    [InlineData(new[] { "-k", "20", "--depth", "10" }, "--depth at least k")]
    [InlineData(new[] { "--fused", "2" }, "--fused takes text:image weights")]
    [InlineData(new[] { "--max-queries", "0" }, "--max-queries must be positive")]
    [InlineData(new[] { "--queries", "/no/such/file.jsonl" }, "does not exist")]
    public async Task Eval_refuses_bad_options_with_exit_code_2(string[] options, string error)
    {
        var result = await CliRunner.RunAsync(["eval", .. options, "--store", indexed.Store.Spec]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_with_a_query_file_on_an_empty_store_says_to_index_first()
    {
        await using var store = new EmbeddedStoreUnderTest();
        var file = Path.Combine(Directory.CreateTempSubdirectory("eval-empty-").FullName, "judged.jsonl");
        await File.WriteAllTextAsync(file, """{"text": "a red t-shirt", "relevant": ["10001"]}""");

        var result = await CliRunner.RunAsync(["eval", "--queries", file, "--store", store.Spec]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("is empty", result.Stderr, StringComparison.Ordinal);
    }

    private static string[] Ids(Func<string[], bool> predicate) => [.. Styles.Where(predicate).Select(s => s[0])];

    /// <summary>Checks the reported metrics against the ranking that <c>search</c> returns, with the metrics worked out here.</summary>
    private async Task AssertMetricsAsync(JsonElement reported, string[] search, Dictionary<string, int> grades, string? exclude)
    {
        var result = await CliRunner.RunAsync(["search", .. search, "-k", "21", "--store", indexed.Store.Spec, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var ranking = json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).Where(id => id != exclude).Take(20).ToList();
        var top = ranking.Take(5).ToList();
        Assert.Equal(top, reported.GetProperty("top").EnumerateArray().Select(t => t.GetString()));

        var found = top.Count(id => grades.GetValueOrDefault(id) > 0);
        var relevant = grades.Count(g => g.Value > 0);
        var firstRelevant = ranking.FindIndex(id => grades.GetValueOrDefault(id) > 0);
        var dcg = top.Select((id, i) => grades.GetValueOrDefault(id) / Math.Log2(i + 2)).Sum();
        var idcg = grades.Values.Where(g => g > 0).OrderDescending().Take(5).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        var metrics = reported.GetProperty("metrics");
        Assert.Equal(found / 5.0, metrics.GetProperty("precisionAtK").GetDouble(), 1e-9);
        Assert.Equal((double)found / relevant, metrics.GetProperty("recallAtK").GetDouble(), 1e-9);
        Assert.Equal(dcg / idcg, metrics.GetProperty("ndcgAtK").GetDouble(), 1e-9);
        Assert.Equal(firstRelevant < 0 ? 0 : 1.0 / (firstRelevant + 1), metrics.GetProperty("mrr").GetDouble(), 1e-9);
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresEvalCommandTests : EvalCommandTests
{
    protected override StoreUnderTest CreateStore() => new PostgresStoreUnderTest();

    // The whole set takes minutes against pgvector on 2 cores (each photo query is 32 index scans); the embedded run covers it.
    protected override (string[] Options, int Text, int Photo, int PhotoAndText) Size => (["--max-queries", "30"], 30, 30, 30);
}
