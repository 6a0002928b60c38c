using System.Diagnostics;
using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// index, search and ask run as processes against one kind of store; the subclasses pick the store.
/// </summary>
public abstract class CatalogCommandsTests
{
    protected abstract StoreUnderTest CreateStore();

    [Fact]
    public async Task Index_reports_bad_files_by_path_indexes_every_good_image_and_a_second_run_embeds_nothing()
    {
        await using var store = CreateStore();
        using var catalog = new DemoCatalogCopy();
        var bad = catalog.PlantBadImages();

        var first = await IndexAsync(store, catalog.Images);

        Assert.True(first.ExitCode == 1, first.ToString());
        using var summary = JsonDocument.Parse(first.Stdout);
        Assert.Equal(DemoCatalogCopy.ImageCount, summary.RootElement.GetProperty("indexed").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("skipped").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("pruned").GetInt32());
        Assert.Equal(DemoCatalogCopy.ImageCount, summary.RootElement.GetProperty("total").GetInt64());
        var failed = summary.RootElement.GetProperty("failed").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("reason").GetString()!);
        Assert.Equal(bad.Order(StringComparer.Ordinal), failed.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("empty", failed[bad[0]], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("exceeds", failed[bad[4]], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["failed", "indexed", "pruned", "skipped", "total"], summary.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var second = await IndexAsync(store, catalog.Images);

        using var again = JsonDocument.Parse(second.Stdout);
        Assert.Equal(0, again.RootElement.GetProperty("indexed").GetInt32());
        Assert.Equal(DemoCatalogCopy.ImageCount, again.RootElement.GetProperty("skipped").GetInt32());
        Assert.Equal(5, again.RootElement.GetProperty("failed").GetArrayLength());
        Assert.Equal(DemoCatalogCopy.ImageCount, again.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_index_run_killed_halfway_resumes_and_ends_with_exactly_the_catalog()
    {
        await using var store = CreateStore();
        using var catalog = new DemoCatalogCopy();

        var committed = await KillIndexWhenPartlyDoneAsync(store, catalog.Images);
        var resumed = await IndexAsync(store, catalog.Images);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        using var summary = JsonDocument.Parse(resumed.Stdout);
        Assert.Equal(DemoCatalogCopy.ImageCount, summary.RootElement.GetProperty("total").GetInt64());
        var skipped = summary.RootElement.GetProperty("skipped").GetInt32();
        Assert.True(skipped >= committed, $"{committed} items were committed before the kill but only {skipped} were skipped");
        Assert.Equal(DemoCatalogCopy.ImageCount, skipped + summary.RootElement.GetProperty("indexed").GetInt32());
    }

    [Fact]
    public async Task A_styles_csv_with_malformed_rows_is_indexed_row_by_row_with_the_bad_rows_reported_by_line()
    {
        await using var store = CreateStore();
        using var catalog = new DemoCatalogCopy();
        var csv = Path.Combine(catalog.Root, "styles.csv");
        var lines = (await File.ReadAllLinesAsync(csv)).ToList();
        lines[1] = lines[1].Replace("Black T-Shirt", "Black, Classic, T-Shirt", StringComparison.Ordinal);
        lines.Add("99001,t-shirt,black");
        lines.Add("99002,shoes,white,plain,\"Unclosed quote,images/shoes/99002.jpg");
        lines.Add("99003,shoes,white,plain,White Shoes,images/shoes/missing.jpg");
        await File.WriteAllLinesAsync(csv, lines);

        var result = await IndexAsync(store, catalog.Root);

        Assert.True(result.ExitCode == 1, result.ToString());
        using var summary = JsonDocument.Parse(result.Stdout);
        Assert.Equal(DemoCatalogCopy.ImageCount, summary.RootElement.GetProperty("indexed").GetInt32());
        var failed = summary.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        Assert.Equal(3, failed.Count);
        Assert.Contains(csv + ":362", failed);
        Assert.Contains(csv + ":363", failed);
        Assert.Contains(Path.Combine(catalog.Root, "images", "shoes", "missing.jpg"), failed);

        var search = await SearchJsonAsync(store, "--text", "black t-shirt", "--category", "t-shirt", "-k", "40");
        Assert.Contains(search.RootElement.GetProperty("hits").EnumerateArray(), h => h.GetProperty("name").GetString() == "Black, Classic, T-Shirt");
    }

    [Fact]
    public async Task Search_returns_the_reference_top_10_for_each_of_the_12_reference_queries()
    {
        await using var store = CreateStore();
        var index = await IndexAsync(store, TestPaths.DemoCatalog);
        Assert.True(index.ExitCode == 0, index.ToString());
        var queries = DemoReference.Instance.Queries;
        var expected = DemoReference.Instance.Top10Ids;

        for (var q = 0; q < queries.Count; q++)
        {
            using var result = await SearchJsonAsync(store, "--text", queries[q], "-k", "10");
            var hits = result.RootElement.GetProperty("hits").EnumerateArray().ToList();
            Assert.Equal(expected[q], hits.Select(h => h.GetProperty("id").GetString()));
            Assert.All(hits, hit => Assert.Equal(["category", "id", "image", "name", "score"], hit.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
            Assert.All(hits, hit => Assert.True(File.Exists(hit.GetProperty("image").GetString())));
        }
    }

    [Fact]
    public async Task Ask_prints_the_contract_json_offline()
    {
        await using var store = CreateStore();
        var index = await IndexAsync(store, TestPaths.DemoCatalog);
        Assert.True(index.ExitCode == 0, index.ToString());

        var result = await CliRunner.RunAsync(["ask", "show me two black t-shirts", "--store", store.Spec, "--json"], environment: store.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(["t-shirt"], root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, root.GetProperty("count").GetInt32());
        Assert.Equal("offline", root.GetProperty("classifiedBy").GetString());
        Assert.Equal("offline", root.GetProperty("advisedBy").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("advice").GetString()));
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("t-shirt", item.GetProperty("category").GetString());
            Assert.StartsWith("Black", item.GetProperty("name").GetString(), StringComparison.Ordinal);
            foreach (var key in new[] { "id", "name", "category", "score", "image" })
            {
                Assert.True(item.TryGetProperty(key, out _), $"item has no '{key}'");
            }
        });
    }

    [Fact]
    public async Task Ask_on_an_empty_catalog_says_to_index_first()
    {
        await using var store = CreateStore();

        var result = await CliRunner.RunAsync(["ask", "show me shoes", "--store", store.Spec], environment: store.Environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("index", result.Stderr, StringComparison.Ordinal);
    }

    protected static Task<CliResult> IndexAsync(StoreUnderTest store, string folder) =>
        CliRunner.RunAsync(["index", folder, "--store", store.Spec, "--json"], environment: store.Environment);

    protected static async Task<JsonDocument> SearchJsonAsync(StoreUnderTest store, params string[] args)
    {
        var result = await CliRunner.RunAsync(["search", .. args, "--store", store.Spec, "--json"], environment: store.Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout);
    }

    /// <summary>Starts <c>index</c>, waits for a progress line showing some but not all items written, then kills the process (SIGKILL).</summary>
    private static async Task<int> KillIndexWhenPartlyDoneAsync(StoreUnderTest store, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { CliRunner.CliDll, "index", folder, "--store", store.Spec, "--batch-size", "16", "--progress-interval", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in store.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"indexed (\d+),");
            if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is > 0 and < DemoCatalogCopy.ImageCount / 2 and var indexed)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(timeout.Token);
                return indexed;
            }
        }

        throw new InvalidOperationException("The index run finished before it could be killed halfway.");
    }
}

public sealed class EmbeddedCatalogCommandsTests : CatalogCommandsTests
{
    protected override StoreUnderTest CreateStore() => new EmbeddedStoreUnderTest();
}

/// <summary>The Postgres stores' runs, and what only they have: a catalog named by configuration that may not exist.</summary>
public abstract class PostgresCatalogCommandsTestsBase(bool vectorData) : CatalogCommandsTests
{
    protected override StoreUnderTest CreateStore() => new PostgresStoreUnderTest(vectorData);

    [Theory]
    [InlineData("search", "--text")]
    [InlineData("ask", null)]
    public async Task A_read_of_a_missing_catalog_says_it_is_empty_and_creates_nothing(string command, string? option)
    {
        // The store's schema does not exist, as with a mistyped schema or collection.
        await using var store = new PostgresStoreUnderTest(vectorData);
        string[] args = option is null ? [command, "shoes"] : [command, option, "shoes"];

        var result = await CliRunner.RunAsync([.. args, "--store", store.Spec], environment: store.Environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is empty: run 'fashion-search index FOLDER' (or 'fashion-search demo') first.", result.Stderr, StringComparison.Ordinal);
        Assert.False(await store.SchemaExistsAsync(), $"The read created the schema {store.Schema}.");
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresCatalogCommandsTests() : PostgresCatalogCommandsTestsBase(vectorData: false);

[Trait("Category", "Postgres")]
public sealed class VectorDataPostgresCatalogCommandsTests() : PostgresCatalogCommandsTestsBase(vectorData: true);
