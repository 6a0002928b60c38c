using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// A conversation through the CLI (issue 14): a script keeps it in a file with --conversation, a person holds it at the
/// --interactive prompt; follow-ups resolve against it and nothing is shown twice.
/// </summary>
[Collection(IndexedDemoStoreCollection.Name)]
public sealed class AskConversationTests(IndexedDemoStore store) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cli-conversation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_script_continues_the_conversation_kept_in_a_file()
    {
        var file = Path.Combine(_folder, "chat.json");

        using var first = await AskJsonAsync("two black t-shirts", file);
        using var more = await AskJsonAsync("show me more", file);
        using var red = await AskJsonAsync("in red instead", file);

        // The catalog has three black t-shirt products (styles.csv): two first, then the one left; never a repeat or another colour.
        var blackTShirts = File.ReadLines(Path.Combine(TestPaths.DemoCatalog, "styles.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] == "t-shirt" && r[2] == "black").Select(r => r[4]).Distinct().Count();
        var shown = new[] { first, more }.SelectMany(Ids).ToList();
        Assert.Equal(blackTShirts, shown.Count);
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.All(Items(more), item => Assert.StartsWith("Black", item.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal("more", more.RootElement.GetProperty("followUp").GetString());
        Assert.NotEmpty(Items(red));
        Assert.All(Items(red), item =>
        {
            Assert.Equal("t-shirt", item.GetProperty("category").GetString());
            Assert.StartsWith("Red", item.GetProperty("name").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal("red", red.RootElement.GetProperty("attributes").GetProperty("baseColour").GetString());
        using var kept = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(["two black t-shirts", "show me more", "in red instead"], kept.RootElement.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("message").GetString()));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task Ask_json_has_the_conversation_fields()
    {
        var result = await InProcessCli.RunAsync(["ask", "two hats and a red jacket", "--store", store.Spec, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        foreach (var key in new[] { "categories", "count", "items", "advice", "classifiedBy", "advisedBy", "attributes", "relation", "followUp", "unmatched", "suggestions", "conversation", "timings" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"no '{key}' in {result.Stdout}");
        }

        Assert.Equal(["hat"], root.GetProperty("unmatched").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("red", root.GetProperty("attributes").GetProperty("baseColour").GetString());
        Assert.Equal("none", root.GetProperty("relation").GetString());
        Assert.Equal("new", root.GetProperty("followUp").GetString());
        Assert.NotEmpty(root.GetProperty("suggestions").EnumerateArray());
        Assert.Equal(1, root.GetProperty("conversation").GetProperty("turns").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"turns\": [", @"error: --conversation '.*chat\.json' is not a conversation \(line 1, byte \d+\): .*Delete it to start a new one\.")]
    [InlineData("[1, 2, 3]", @"error: --conversation '.*chat\.json' is not a conversation.*")]
    [InlineData("{\"turns\": null}", @"error: --conversation '.*chat\.json' is not a conversation: it needs \{""turns"":\[\.\.\.\]\}\. Delete it to start a new one\.")]
    [InlineData("TOO_MANY_TURNS", @"error: --conversation '.*chat\.json' has 21 turns; at most 20 are accepted \(MultimodalSearch:Workflow:MaxConversationTurns\)\.")]
    public async Task A_malformed_or_oversized_conversation_file_is_bad_usage_and_left_alone(string content, string error)
    {
        var file = Path.Combine(_folder, "chat.json");
        if (content == "TOO_MANY_TURNS")
        {
            content = JsonSerializer.Serialize(new { turns = Enumerable.Range(0, 21).Select(i => new { message = $"turn {i}" }) });
        }

        await File.WriteAllTextAsync(file, content);

        var result = await InProcessCli.RunAsync(["ask", "show me more", "--conversation", file, "--store", store.Spec, "--json"]);

        new CliCase("conversation file", [], 2, error, Stdout.Empty).Check(result);
        Assert.Equal(content, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task An_empty_conversation_file_starts_a_conversation()
    {
        var file = Path.Combine(_folder, "chat.json");
        await File.WriteAllTextAsync(file, "");

        using var result = await AskJsonAsync("a green jacket", file);

        Assert.Equal("new", result.RootElement.GetProperty("followUp").GetString());
        Assert.Contains("\"turns\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_interactive_prompt_holds_the_conversation_and_survives_bad_lines()
    {
        var jersey = Path.Combine(TestPaths.DemoCatalog, "images", "jersey", "10325.jpg");
        var input = string.Join('\n',
            "/help",
            "two black t-shirts",
            "show me more",
            new string('x', 2001),
            "/bogus",
            "/photo /no/such/photo.jpg",
            "in red instead",
            $"/photo {jersey}",
            "the same in red",
            "/reset",
            "show me more",
            "/quit",
            "a green jacket") + "\n";

        var result = await InProcessCli.RunAsync(["ask", "--interactive", "--store", store.Spec, "--json"], input);

        Assert.True(result.ExitCode == 0, result.ToString());
        var turns = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line)).ToList();
        Assert.Equal(5, turns.Count);
        var (black, more, red, photo, afterReset) = (turns[0], turns[1], turns[2], turns[3], turns[4]);
        Assert.Empty(Ids(black).Intersect(Ids(more)));
        Assert.All(Items(red), item => Assert.StartsWith("Red", item.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(Items(red), item => Assert.Equal("t-shirt", item.GetProperty("category").GetString()));
        Assert.Equal("similar", photo.RootElement.GetProperty("relation").GetString());
        Assert.All(Items(photo), item => Assert.Equal("jersey", item.GetProperty("category").GetString()));
        Assert.All(Items(photo), item => Assert.StartsWith("Red", item.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(1, afterReset.RootElement.GetProperty("conversation").GetProperty("turns").GetArrayLength());
        Assert.Contains("/photo PATH", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: The message has 2001 characters; at most 2000 are accepted (MultimodalSearch:Workflow:MaxMessageLength).", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: unknown command '/bogus'; /help lists the commands.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: /photo '/no/such/photo.jpg' does not exist.", result.Stderr, StringComparison.Ordinal);
        CliCase.CheckNoStackTrace(result);
        turns.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task The_interactive_prompt_for_people_shows_items_advice_and_suggestions_as_a_process()
    {
        var result = await CliRunner.RunAsync(["ask", "--interactive", "--store", store.Spec], stdin: "/help\ntwo black t-shirts\nin red instead\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        var red = Array.IndexOf(lines, "== in red instead");
        Assert.True(red > 0, result.ToString());
        Assert.Contains(lines[red..], l => l.StartsWith("t-shirt\t", StringComparison.Ordinal) && l.Contains("\tRed ", StringComparison.Ordinal));
        Assert.Contains(lines[red..], l => l.StartsWith("Here is what I found", StringComparison.Ordinal));
        Assert.Contains(lines[red..], l => l.StartsWith("try next: \"", StringComparison.Ordinal));
        Assert.DoesNotContain("== /help", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/reset", result.Stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Items(JsonDocument result) => result.RootElement.GetProperty("items").EnumerateArray();

    private static IEnumerable<string> Ids(JsonDocument result) => Items(result).Select(i => i.GetProperty("id").GetString()!);

    private async Task<JsonDocument> AskJsonAsync(string message, string conversation)
    {
        var result = await CliRunner.RunAsync(["ask", message, "--conversation", conversation, "--store", store.Spec, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout);
    }
}
