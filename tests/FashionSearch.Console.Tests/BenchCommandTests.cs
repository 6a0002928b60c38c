using System.Text.Json;

namespace FashionSearch.Console.Tests;

/// <summary><c>bench --quick</c> run as a process: every figure of this setup, absolute (baselines are the BenchmarkDotNet suites' job).</summary>
public abstract class BenchCommandTests
{
    private static readonly string[] Figures =
    [
        "preprocess.catalog", "preprocess.photo",
        "embed.images.batch1", "embed.images.batch8", "embed.images.batch32", "embed.texts.batch32", "embed.texts.tokenize",
        "search.embedded.text", "search.embedded.photo", "search.postgres.text", "search.postgres.photo",
        "ingest.embedded", "ingest.postgres",
        "ask.offline.text", "ask.offline.photo",
    ];

    protected abstract StoreUnderTest CreateStore();

    protected async Task<Dictionary<string, JsonElement>> RunBenchAsync(StoreUnderTest store)
    {
        var result = await CliRunner.RunAsync(["bench", "--quick", "--store", store.Spec, "--json"], environment: store.Environment, timeout: TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement.Clone();
        var machine = json.GetProperty("machine");
        Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty("cpu").GetString()));
        Assert.Equal(Environment.ProcessorCount, machine.GetProperty("logicalCores").GetInt32());
        Assert.Equal("quick", json.GetProperty("mode").GetString());
        var figures = json.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(Figures, figures.Keys);
        foreach (var (id, figure) in figures.Where(f => f.Value.GetProperty("status").GetString() == "ok"))
        {
            AssertFigure(id, figure);
        }

        return figures;
    }

    /// <summary>
    /// The value is the median run: the p50 for latencies, items per run / p50 for rates (so a rate's value times its
    /// p50 is a whole number of items); no figure carries a baseline or a ratio, which only the BenchmarkDotNet
    /// suites measure.
    /// </summary>
    private static void AssertFigure(string id, JsonElement figure)
    {
        var value = figure.GetProperty("value").GetDouble();
        var p50 = figure.GetProperty("p50Ms").GetDouble();
        Assert.True(value > 0 && p50 > 0, $"{id}: value {value}, p50 {p50}");
        Assert.False(figure.TryGetProperty("baseline", out _), id);
        Assert.False(figure.TryGetProperty("ratio", out _), id);
        var unit = figure.GetProperty("unit").GetString()!;
        if (unit == "ms")
        {
            Assert.Equal(p50, value);
        }
        else
        {
            var items = value * p50 / 1000;
            Assert.Equal(Math.Round(items), items, 1e-6 * items);
        }

        Assert.True(figure.GetProperty("p99Ms").GetDouble() >= p50, id);
        Assert.True(figure.GetProperty("runs").GetInt32() >= 1, id);
        Assert.Equal(unit == "ms", id.StartsWith("preprocess", StringComparison.Ordinal) || id.StartsWith("search", StringComparison.Ordinal) || id.StartsWith("ask", StringComparison.Ordinal) || id == "embed.texts.tokenize");
    }
}

public sealed class EmbeddedBenchCommandTests : BenchCommandTests
{
    protected override StoreUnderTest CreateStore() => new EmbeddedStoreUnderTest();

    [Fact]
    public async Task Bench_quick_json_without_a_database_gives_every_other_figure_and_marks_the_postgres_ones_skipped()
    {
        await using var store = CreateStore();

        var figures = await RunBenchAsync(store);

        string[] postgres = ["search.postgres.text", "search.postgres.photo", "ingest.postgres"];
        foreach (var id in postgres)
        {
            Assert.Equal("skipped", figures[id].GetProperty("status").GetString());
            Assert.Contains("--store postgres:", figures[id].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, figures[id].GetProperty("value").ValueKind);
        }

        Assert.All(figures.Where(f => !postgres.Contains(f.Key)), f => Assert.Equal("ok", f.Value.GetProperty("status").GetString()));
        Assert.Contains("360 images", figures["ingest.embedded"].GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Contains("360 items", figures["search.embedded.text"].GetProperty("what").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--repeat", "0" }, "--repeat must be 1 or more")]
    [InlineData(new[] { "--image", "/no/such/photo.jpg" }, "does not exist")]
    public async Task Bench_refuses_bad_options_with_exit_code_2(string[] options, string error)
    {
        var result = await CliRunner.RunAsync(["bench", .. options]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.Stderr, StringComparison.Ordinal);
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresBenchCommandTests : BenchCommandTests
{
    protected override StoreUnderTest CreateStore() => new PostgresStoreUnderTest();

    [Fact]
    public async Task Bench_quick_json_with_a_database_times_postgres_search_and_indexing_too()
    {
        await using var store = CreateStore();

        var figures = await RunBenchAsync(store);

        Assert.All(figures.Values, f => Assert.Equal("ok", f.GetProperty("status").GetString()));
        Assert.Contains("360 items", figures["search.postgres.photo"].GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Contains("temporary copy", figures["search.embedded.text"].GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Contains("into Postgres", figures["ingest.postgres"].GetProperty("what").GetString(), StringComparison.Ordinal);
    }
}
