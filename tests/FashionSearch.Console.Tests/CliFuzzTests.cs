using System.Diagnostics;
using MultimodalSearch.Testing;
using Xunit.Abstractions;

namespace FashionSearch.Console.Tests;

/// <summary>
/// Property: whatever the arguments, the CLI ends with 0, 1 or 2, prints no stack trace without --verbose, and with
/// --json (or embed) writes only whole JSON lines on stdout. Hundreds of random and hostile command lines, run
/// in-process (a case is milliseconds when it fails at parse time) within a time budget; the seed is printed so that a
/// failure can be replayed. The files a case may write (stores, conversations) are under the test's own folder.
/// </summary>
public sealed class CliFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int MinCases = 200;
    private const int MaxCases = 500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan HardLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    private static readonly string[] Commands = ["demo", "index", "search", "ask", "embed", "eval", "bench", "", "serach", "--help", "-v"];

    // Commands that run for minutes when their arguments are good: each case gets one bad argument.
    private static readonly string[] Slow = ["demo", "eval", "bench"];

    private static readonly string[] Options =
    [
        "--text", "-t", "--image", "-i", "--category", "-c", "-k", "--top", "--text-weight", "--image-weight", "--store", "--model",
        "--json", "--json", "--verbose", "--interactive", "--queries", "-q", "--depth", "--fused", "--max-queries",
        "--per-query", "--prune", "--batch-size", "--progress-interval", "--quick", "--repeat", "--help", "-h", "--version", "--", "-",
        "--text=", "-k=3", "--colour",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("cli-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Random_and_hostile_arguments_never_crash_never_print_a_stack_trace_and_never_break_json()
    {
        var (catalog, store) = await SmallIndexedCatalogAsync();
        var values = HostileValues(catalog, store);
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        var exitCodes = new int[3];
        var anchors = new Queue<string[]>([["embed", "--image", values.First(v => v.EndsWith("README.md", StringComparison.Ordinal))], ["search", "--text", "red", "--store", "embedded:" + store, "--json"], ["search", "--text", ""]]);
        while (cases < MaxCases && (cases < MinCases || clock.Elapsed < Budget) && clock.Elapsed < HardLimit)
        {
            var args = anchors.Count > 0 ? anchors.Dequeue() : Generate(random, values, store, _root);
            using var limit = new CancellationTokenSource(CaseLimit);
            var result = await InProcessCli.RunAsync(args, stdin: random.Next(4) == 0 ? "/help\nshoes\n/quit\n" : null, cancellationToken: limit.Token);
            var line = string.Join(' ', args.Select(a => $"'{(a.Length > 40 ? a[..40] + "..." : a)}'"));
            Assert.False(limit.IsCancellationRequested, $"seed {seed}: took over {CaseLimit.TotalSeconds} s: {line}\n{result}");
            Assert.True(result.ExitCode is 0 or 1 or 2, $"seed {seed}: exit {result.ExitCode}: {line}\n{result}");
            exitCodes[result.ExitCode]++;
            if (!args.Contains("--verbose") && !args.Contains("-v"))
            {
                CliCase.CheckNoStackTrace(result);
            }

            if (WantsJson(args))
            {
                CliCase.CheckJsonLines(result);
            }

            cases++;
        }

        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:F1} s: exit 0 x{exitCodes[0]}, 1 x{exitCodes[1]}, 2 x{exitCodes[2]}");
        Assert.True(cases >= MinCases, $"only {cases} cases ran in {HardLimit.TotalSeconds} s");
        Assert.True(exitCodes.All(n => n > 0), $"the cases should reach every exit code: {string.Join(", ", exitCodes)}");
    }

    // Good command lines with one value replaced by a hostile one ({v}): these get past the parser into real work.
    private static readonly string[][] Templates =
    [
        ["search", "--text", "{v}", "--json"],
        ["search", "--image", "{v}", "-k", "3", "--json"],
        ["search", "--text", "red", "--category", "{v}", "--json"],
        ["search", "--text", "red", "--store", "{v}", "--json"],
        ["ask", "{v}", "--json"],
        ["ask", "{v}"],
        ["ask", "like this", "--image", "{v}", "--json"],
        ["ask", "show me more", "--conversation", "{v}", "--json"],
        ["ask", "shoes", "--store", "{v}", "--json"],
        ["embed", "--text", "{v}"],
        ["embed", "--image", "{v}"],
        ["embed", "--text", "x", "--model", "{v}"],
        ["index", "{v}", "--json"],
        ["eval", "--queries", "{v}", "--json"],
    ];

    private static string[] Generate(Random random, string[] values, string store, string root)
    {
        if (random.Next(6) == 0)
        {
            var template = Templates[random.Next(Templates.Length)];
            var value = values[random.Next(values.Length)];

            // --conversation writes its file: keep relative names ("abc") out of this process's working directory.
            if (template.Contains("--conversation") && !Path.IsPathRooted(value))
            {
                value = Path.Combine(root, "conversations", value);
            }

            return WithStore([.. template.Select(t => t == "{v}" ? value : t)], store);
        }

        var command = Commands[random.Next(Commands.Length)];
        var args = new List<string>();
        if (command.Length > 0)
        {
            args.Add(command);
        }

        for (var i = random.Next(0, 7); i > 0; i--)
        {
            switch (random.Next(3))
            {
                case 0:
                    args.Add(values[random.Next(values.Length)]);
                    break;
                default:
                    args.Add(Options[random.Next(Options.Length)]);
                    if (random.Next(4) > 0)
                    {
                        args.Add(values[random.Next(values.Length)]);
                    }

                    break;
            }
        }

        if (Slow.Contains(command))
        {
            args.Insert(random.Next(1, args.Count + 1), "--no-such-option");
        }

        return WithStore(args, store);
    }

    // Never the default store (it would be under this process's working directory).
    private static string[] WithStore(List<string> args, string store) =>
        args.Contains("--store") ? [.. args] : [.. args, "--store", "embedded:" + store];

    private static bool WantsJson(string[] args)
    {
        var end = Array.IndexOf(args, "--");
        var options = end < 0 ? args : args[..end];
        if (options.Any(a => a is "--help" or "-h" or "-?" or "--version"))
        {
            return false;
        }

        return options.Contains("--json") || (args.Length > 0 && args[0] == "embed");
    }

    private string[] HostileValues(string catalog, string store)
    {
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        var notAnImage = Path.Combine(TestPaths.RepositoryRoot, "README.md");
        var image = Path.Combine(catalog, "shirt", "10081.jpg");
        return
        [
            "", " ", "-1", "0", "3", "NaN", "1e309", "2147483648", "-0", "abc", "1:2", "1:x", "0:0", "t-shirt", "SHOES", "hats",
            "two black t-shirts", "show me more", "in red instead", "what goes with this?", new string('x', 2001), new string('y', 20_000),
            "👗 rouge", "a\0b", "%s%n{0}", "$(echo pwned)", "{\"turns\":", "\"", "'", "\\", "\r\n", "../../..",
            notAnImage, image, catalog, empty, Path.Combine(_root, "missing", "x.jpg"), Path.Combine(_root, "conversation.json"),
            "embedded:" + store, "embedded:" + Path.Combine(_root, "new-store"), "embedded:" + notAnImage, "embedded:", "embedded",
            "postgres:Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=1", "postgres:", "postgres:;;;==",
            "vectordata-postgres:Host=127.0.0.1;Port=1;Timeout=1", "mysql:x",
        ];
    }

    /// <summary>One image per category of the demo catalog, indexed into a store of the test's own.</summary>
    private async Task<(string Catalog, string Store)> SmallIndexedCatalogAsync()
    {
        var catalog = Path.Combine(_root, "catalog");
        foreach (var (category, id) in new[] { ("shirt", "10081"), ("t-shirt", "10001"), ("pants", "10142"), ("shoes", "10261"), ("jacket", "10216"), ("jersey", "10325") })
        {
            Directory.CreateDirectory(Path.Combine(catalog, category));
            File.Copy(Path.Combine(TestPaths.DemoCatalog, "images", category, id + ".jpg"), Path.Combine(catalog, category, id + ".jpg"));
        }

        var store = Path.Combine(_root, "store");
        var index = await InProcessCli.RunAsync(["index", catalog, "--store", "embedded:" + store]);
        Assert.True(index.ExitCode == 0, index.ToString());
        return (catalog, store);
    }
}
