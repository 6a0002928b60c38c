using System.Text.Json;
using System.Text.RegularExpressions;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>What a case expects on stdout.</summary>
public enum Stdout
{
    /// <summary>Nothing.</summary>
    Empty,

    /// <summary>One or more lines, each a whole JSON document.</summary>
    Json,

    /// <summary>Text for people (not checked).</summary>
    Text,
}

/// <summary>
/// One row of a CLI contract table: the arguments (with placeholders), the exit code, the pattern stderr must match
/// as a whole (one line unless the pattern says otherwise) and what stdout holds.
/// </summary>
/// <param name="Name">What the row checks.</param>
/// <param name="Args">The command line; placeholders: {store} (the indexed demo store), {image} (a demo photo),
/// {file} (a file that is not an image), {dir} (a folder), {missing} (a path that does not exist).</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Stderr">A regular expression for all of stderr.</param>
/// <param name="Output">What stdout holds.</param>
public sealed record CliCase(string Name, string[] Args, int ExitCode, string Stderr, Stdout Output)
{
    public static string Image => Path.Combine(TestPaths.DemoCatalog, "images", "shirt", "10081.jpg");

    public static string NotAnImage => Path.Combine(TestPaths.RepositoryRoot, "README.md");

    public static string Folder => TestPaths.DemoCatalog;

    public static string Missing { get; } = Path.Combine(Path.GetTempPath(), "fashion-search-no-such-path-" + Guid.NewGuid().ToString("N"), "nothing.jpg");

    public override string ToString() => Name;

    public string[] Expand(string store) =>
    [
        .. Args.Select(a => a
            .Replace("{store}", store, StringComparison.Ordinal)
            .Replace("{image}", Image, StringComparison.Ordinal)
            .Replace("{file}", NotAnImage, StringComparison.Ordinal)
            .Replace("{dir}", Folder, StringComparison.Ordinal)
            .Replace("{missing}", Missing, StringComparison.Ordinal)),
    ];

    /// <summary>Checks <paramref name="result"/> against the row.</summary>
    public void Check(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCode, $"{Name}: expected exit {ExitCode}\n{result}");
        Assert.True(Regex.IsMatch(result.Stderr.TrimEnd('\n'), "^(?:" + Stderr + ")$", RegexOptions.Singleline), $"{Name}: stderr does not match /{Stderr}/\n{result}");
        if (!Args.Contains("--verbose"))
        {
            CheckNoStackTrace(result);
        }

        switch (Output)
        {
            case Stdout.Empty:
                Assert.True(result.Stdout.Length == 0, $"{Name}: stdout should be empty\n{result}");
                break;
            case Stdout.Json:
                CheckJsonLines(result);
                Assert.True(result.Stdout.Length > 0, $"{Name}: no JSON on stdout\n{result}");
                break;
        }
    }

    /// <summary>Every line of stdout is a whole JSON document (JSON Lines; an empty stdout passes).</summary>
    public static void CheckJsonLines(CliResult result)
    {
        Assert.True(result.Stdout.Length == 0 || result.Stdout.EndsWith('\n'), $"stdout does not end with a newline (a partial document?)\n{result}");
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var _ = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"stdout line is not JSON ({ex.Message}): {line[..Math.Min(line.Length, 200)]}\n{result.Stderr}");
            }
        }
    }

    public static void CheckNoStackTrace(CliResult result)
    {
        Assert.False(Regex.IsMatch(result.Stderr, @"^\s+at \S+\(", RegexOptions.Multiline), $"stack trace on stderr\n{result}");
        Assert.DoesNotContain("(Parameter '", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }
}
