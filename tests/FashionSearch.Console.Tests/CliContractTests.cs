using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// The CLI as a person meets it (issue 19), one row per situation: the exact error line, the exit code (0 ok, 1 a
/// request failed, 2 bad usage) and a stdout that is empty or whole JSON. Run in-process against the demo catalog.
/// </summary>
[Collection(IndexedDemoStoreCollection.Name)]
public sealed class CliContractTests(IndexedDemoStore store)
{
    private const string Categories = "jacket, jersey, pants, shirt, shoes, t-shirt";

    public static TheoryData<CliCase> Cases { get; } = new()
    {
        // Broken output: an input that fails leaves nothing partial; the inputs before it are whole lines.
        new("embed of a text file", ["embed", "--image", "{file}"], 1, @"error: Image '.*README\.md': not an image .*", Stdout.Empty),
        new("embed of a text and then a text file", ["embed", "--text", "a red shirt", "--image", "{file}"], 1, @"error: Image '.*README\.md': not an image .*", Stdout.Json),

        // Wrong messages: one rule for a path on the command line (exit 2, the option and the path named).
        new("a folder as --image", ["search", "--image", "{dir}", "--store", "{store}"], 2, @"error: --image '.*catalog' is a folder, not a file\.", Stdout.Empty),
        new("a folder as ask --image", ["ask", "this", "--image", "{dir}", "--store", "{store}"], 2, @"error: --image '.*catalog' is a folder, not a file\.", Stdout.Empty),
        new("a folder as embed --image", ["embed", "--image", "{dir}"], 2, @"error: --image '.*catalog' is a folder, not a file\.", Stdout.Empty),
        new("a missing --image", ["search", "--image", "{missing}", "--store", "{store}"], 2, @"error: --image '.*nothing\.jpg' does not exist\.", Stdout.Empty),
        new("a missing ask --image", ["ask", "like this", "--image", "{missing}", "--store", "{store}", "--json"], 2, @"error: --image '.*nothing\.jpg' does not exist\.", Stdout.Empty),
        new("a file as index FOLDER", ["index", "{file}", "--store", "{store}"], 2, @"error: The catalog folder '.*README\.md' is a file, not a folder\.", Stdout.Empty),
        new("a missing index FOLDER", ["index", "{missing}", "--store", "{store}"], 2, @"error: The catalog folder '.*nothing\.jpg' does not exist\.", Stdout.Empty),
        new("a file as --model", ["embed", "--text", "x", "--model", "{file}"], 2, @"error: --model '.*README\.md' is a file, not a folder\.", Stdout.Empty),
        new("a missing --model", ["search", "--text", "x", "--model", "{missing}", "--store", "{store}"], 2, @"error: --model '.*nothing\.jpg' does not exist\.", Stdout.Empty),
        new("a file as --store embedded:", ["search", "--text", "x", "--store", "embedded:{file}"], 2, @"error: --store embedded:'.*README\.md' is a file, not a folder\.", Stdout.Empty),
        new("a missing eval --queries", ["eval", "--queries", "{missing}", "--store", "{store}", "--json"], 2, @"error: --queries '.*nothing\.jpg' does not exist\.", Stdout.Empty),
        new("a folder as bench --image", ["bench", "--image", "{dir}", "--json"], 2, @"error: --image '.*catalog' is a folder, not a file\.", Stdout.Empty),
        new("a folder as --conversation", ["ask", "shoes", "--conversation", "{dir}", "--store", "{store}"], 2, @"error: --conversation '.*catalog' is a folder, not a file\.", Stdout.Empty),
        new("--conversation in a missing folder", ["ask", "shoes", "--conversation", "{missing}", "--store", "{store}"], 2, @"error: --conversation '.*nothing\.jpg': its folder '.*' does not exist\.", Stdout.Empty),
        new("Postgres down", ["search", "--text", "x", "--store", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2", "--json"], 1, @"error: [^\n]*PostgreSQL server[^\n]*", Stdout.Empty),
        new("Postgres down, verbose", ["search", "--text", "x", "--store", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2", "--verbose"], 1, @".*\nerror: [^\n]*PostgreSQL server.*", Stdout.Empty),

        // Exit codes: bad usage is 2, with no "(Parameter 'request')".
        new("ask with an empty message", ["ask", "", "--store", "{store}"], 2, @"error: ask needs a message, a photo \(--image PATH\), or both; the message is empty\.", Stdout.Empty),
        new("ask with a blank message", ["ask", "   ", "--store", "{store}", "--json"], 2, @"error: ask needs a message, a photo \(--image PATH\), or both; the message is empty\.", Stdout.Empty),
        new("ask with a message over the limit", ["ask", new string('x', 2001), "--store", "{store}", "--json"], 2, @"error: The message has 2001 characters; at most 2000 are accepted \(MultimodalSearch:Workflow:MaxMessageLength\)\.", Stdout.Empty),
        new("search with an empty text", ["search", "--text", "", "--store", "{store}"], 2, @"error: --text is empty; give words to search for, or leave it out and give --image\.", Stdout.Empty),
        new("search with neither text nor photo", ["search", "--store", "{store}"], 2, @"error: search needs --text TEXT, --image PATH, or both\.", Stdout.Empty),
        new("a negative --text-weight", ["search", "--text", "x", "--text-weight", "-1", "--store", "{store}"], 2, @"error: --text-weight must be 0 or more; got -1\.", Stdout.Empty),
        new("a negative --image-weight", ["search", "--image", "{image}", "--image-weight", "-0.5", "--store", "{store}"], 2, @"error: --image-weight must be 0 or more; got -0\.5\.", Stdout.Empty),
        new("a NaN weight", ["search", "--text", "x", "--text-weight", "NaN", "--store", "{store}"], 2, @"error: --text-weight must be 0 or more; got NaN\.", Stdout.Empty),
        new("-k 0", ["search", "--text", "x", "-k", "0", "--store", "{store}"], 2, @"error: -k must be 1 or more; got 0\.", Stdout.Empty),
        new("-k not a number", ["search", "--text", "x", "-k", "ten", "--store", "{store}"], 2, @"error: Cannot parse argument 'ten' for option '-k' as expected type 'System\.Int32'\.", Stdout.Empty),
        new("an unknown option", ["search", "--text", "x", "--colour", "red", "--store", "{store}"], 2, @"error: Unrecognized command or argument '--colour'\.\nerror: Unrecognized command or argument 'red'\.", Stdout.Empty),
        new("an unknown command", ["find", "shoes"], 2, @"error: Unrecognized command or argument 'find'\.\nerror: Unrecognized command or argument 'shoes'\.", Stdout.Empty),
        new("a bad --store", ["search", "--text", "x", "--store", "mysql:x"], 2, @"error: --store must be embedded:DIR, postgres:<connection string> or vectordata-postgres:<connection string>; got 'mysql:x'\.", Stdout.Empty),
        new("embed without inputs", ["embed"], 2, @"error: embed needs at least one --image PATH or --text TEXT\.", Stdout.Empty),
        new("--batch-size 0", ["index", "{dir}", "--batch-size", "0", "--store", "{store}"], 2, @"error: --batch-size must be 1 or more; got 0\.", Stdout.Empty),
        new("eval -k 0", ["eval", "-k", "0", "--store", "{store}"], 2, @"error: -k must be positive and --depth at least k; got -k 0, --depth 100\.", Stdout.Empty),
        new("eval --fused nonsense", ["eval", "--fused", "1:x", "--store", "{store}"], 2, @"error: --fused takes text:image weights such as 2:1 \(0 or more, not both 0\); got '1:x'\.", Stdout.Empty),
        new("bench --repeat 0", ["bench", "--repeat", "0"], 2, @"error: --repeat must be 1 or more; got 0\.", Stdout.Empty),
        new("eval --depth below -k", ["eval", "-k", "20", "--depth", "10", "--store", "{store}"], 2, @"error: -k must be positive and --depth at least k; got -k 20, --depth 10\.", Stdout.Empty),

        // Categories: any case; an unknown one named with the categories there are.
        new("an unknown category", ["search", "--text", "x", "--category", "nosuchcat", "--store", "{store}", "--json"], 2, $@"error: The catalog has no category 'nosuchcat'; it has: {Categories}\.", Stdout.Empty),
        new("a category in another case", ["search", "--text", "white shoes", "--category", "Shoes", "--store", "{store}", "--json"], 0, "", Stdout.Json),

        // Reads on a store that does not exist say so (and create nothing: see the test below).
        new("search on a missing store", ["search", "--text", "x", "--store", "embedded:{missing}"], 2, @"error: There is no catalog in embedded:.*nothing\.jpg: run 'fashion-search index FOLDER' \(or 'fashion-search demo'\) first, or pass --store\.", Stdout.Empty),
        new("ask on a missing store", ["ask", "shoes", "--store", "embedded:{missing}", "--json"], 2, @"error: There is no catalog in embedded:.*", Stdout.Empty),
        new("eval --queries on a missing store", ["eval", "--queries", "{file}", "--store", "embedded:{missing}"], 2, @"error: There is no catalog in embedded:.*", Stdout.Empty),

        // Help: shown even when the rest would not parse.
        new("embed --help", ["embed", "--help"], 0, "", Stdout.Text),
        new("ask with --json prints the contract", ["ask", "two black t-shirts", "--store", "{store}", "--json"], 0, "", Stdout.Json),
        new("demo on an indexed store", ["demo", "--store", "{store}", "--json"], 0, @"Indexing the demo catalog: 360/360 \(indexed 0, skipped 360, failed 0, [\d.]+ images/s\)\nDemo catalog: 0 indexed, 360 already indexed, 0 failed; 360 items in embedded:.*", Stdout.Json),
        new("eval on an indexed store", ["eval", "--max-queries", "2", "--store", "{store}", "--json"], 0, @"Evaluating 6 queries .*", Stdout.Json),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_situation_gives_its_line_its_exit_code_and_clean_stdout(CliCase row)
    {
        var result = await InProcessCli.RunAsync(row.Expand(store.Spec));

        row.Check(result);
    }

    [Fact]
    public async Task Reads_on_a_store_that_does_not_exist_leave_nothing_behind()
    {
        var missing = Path.Combine(Path.GetTempPath(), "fashion-search-missing-" + Guid.NewGuid().ToString("N"));
        var queries = Path.Combine(TestPaths.RepositoryRoot, "README.md");

        foreach (var args in new[] { new[] { "search", "--text", "x" }, ["ask", "shoes"], ["eval", "--queries", queries] })
        {
            var result = await InProcessCli.RunAsync([.. args, "--store", "embedded:" + missing]);
            Assert.Equal(2, result.ExitCode);
            Assert.False(Directory.Exists(missing), $"{args[0]} created {missing}");
        }
    }

    [Fact]
    public async Task Search_without_weights_fuses_with_the_workflows_weights_one_to_two()
    {
        string[] query = ["search", "--text", "red shirt", "--image", CliCase.Image, "-k", "5", "--store", store.Spec, "--json"];

        var byDefault = await InProcessCli.RunAsync(query);
        var oneToTwo = await InProcessCli.RunAsync([.. query, "--text-weight", "1", "--image-weight", "2"]);
        var oneToOne = await InProcessCli.RunAsync([.. query, "--text-weight", "1", "--image-weight", "1"]);

        Assert.Equal(0, byDefault.ExitCode);
        Assert.Equal(oneToTwo.Stdout, byDefault.Stdout);
        Assert.NotEqual(oneToOne.Stdout, byDefault.Stdout);
    }

    [Fact]
    public async Task A_category_in_another_case_finds_that_category()
    {
        var result = await InProcessCli.RunAsync(["search", "--text", "white shoes", "-c", "SHOES", "-c", "Pants", "-k", "8", "--store", store.Spec, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var categories = json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("category").GetString()).ToHashSet();
        Assert.Subset(new HashSet<string?> { "shoes", "pants" }, categories);
        Assert.Contains("shoes", categories);
    }

    [Fact]
    public async Task Human_output_off_a_terminal_keeps_image_paths_whole_on_one_line()
    {
        var search = await InProcessCli.RunAsync(["search", "--text", "red striped shirt", "-k", "3", "--store", store.Spec]);
        var ask = await InProcessCli.RunAsync(["ask", "a red jacket and white shoes", "--store", store.Spec]);

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.True(ask.ExitCode == 0, ask.ToString());
        var rows = search.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.True(File.Exists(row.Split('\t')[^1]), row));
        var items = ask.Stdout.Split('\n').Where(l => l.Contains('\t', StringComparison.Ordinal)).ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, row => Assert.True(File.Exists(row.Split('\t')[^1]), row));
    }

    [Fact]
    public async Task Root_help_has_one_summary_line_per_command_and_embed_help_lists_only_its_options()
    {
        var root = await InProcessCli.RunAsync(["--help"]);
        var embed = await InProcessCli.RunAsync(["embed", "--help"]);

        var commands = root.Stdout[root.Stdout.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(["demo", "index", "search", "ask", "embed", "eval", "bench"], commands.Select(l => l.Trim().Split(' ')[0]));
        Assert.All(commands, line => Assert.True(line.Length <= 120, line));
        Assert.Contains("--model", embed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--store", embed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--json", embed.Stdout, StringComparison.Ordinal);
        Assert.Contains("{\"kind\":\"text\"", embed.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Each_bad_file_is_reported_once_and_warnings_on_a_terminal_go_through_the_progress_bar(bool terminal, bool verbose)
    {
        var catalog = Directory.CreateTempSubdirectory("small-catalog-").FullName;
        var store2 = Directory.CreateTempSubdirectory("small-store-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(catalog, "shirt"));
            File.Copy(CliCase.Image, Path.Combine(catalog, "shirt", "good.jpg"));
            var bad = Path.Combine(catalog, "shirt", "bad.jpg");
            await File.WriteAllTextAsync(bad, "not a JPEG");

            var result = await InProcessCli.RunAsync(["index", catalog, "--store", "embedded:" + store2, .. verbose ? new[] { "--verbose" } : []], errorIsTerminal: terminal);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(1, result.Stdout.Split(bad).Length - 1);
            // Spectre wraps a long line at the terminal's width (80 columns here).
            Assert.True(result.Stderr.Replace("\n", "", StringComparison.Ordinal).Split("Skipping " + bad).Length - 1 == (verbose ? 1 : 0), result.ToString());
            if (terminal)
            {
                // The live bar, not the plain lines; a warning is its own whole line, above the bar.
                Assert.DoesNotContain("(indexed 1, skipped 0, failed 1", result.Stderr, StringComparison.Ordinal);
                Assert.Contains("100%", result.Stderr, StringComparison.Ordinal);
                Assert.All(
                    result.Stderr.Split('\n').Where(l => l.Contains("Skipping", StringComparison.Ordinal)),
                    line => Assert.Matches(@"^(\x1b\[[0-9;?]*[A-Za-z])*warn: ", line));
            }
        }
        finally
        {
            Directory.Delete(catalog, recursive: true);
            Directory.Delete(store2, recursive: true);
        }
    }
}
