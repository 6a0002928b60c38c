using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

public sealed class EmbedCommandTests
{
    private static string DemoImage(string category, string id) => Path.Combine(TestPaths.DemoCatalog, "images", category, id + ".jpg");

    [Fact]
    public async Task Embed_prints_one_json_object_per_input_in_command_line_order()
    {
        var image = DemoImage("t-shirt", "10001");

        var result = await CliRunner.RunAsync(["embed", "--text", "a red t-shirt", "--image", image, "--text", ""]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        using var third = JsonDocument.Parse(lines[2]);

        Assert.Equal("text", first.RootElement.GetProperty("kind").GetString());
        Assert.Equal("a red t-shirt", first.RootElement.GetProperty("input").GetString());
        Assert.Equal([101, 1037, 2417, 1056, 1011, 3797, 102], first.RootElement.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(256, first.RootElement.GetProperty("embedding").GetArrayLength());

        Assert.Equal("image", second.RootElement.GetProperty("kind").GetString());
        Assert.Equal(image, second.RootElement.GetProperty("input").GetString());
        var queries = second.RootElement.GetProperty("embedding");
        Assert.Equal(32, queries.GetArrayLength());
        Assert.All(queries.EnumerateArray(), q => Assert.Equal(256, q.GetArrayLength()));

        Assert.Equal("text", third.RootElement.GetProperty("kind").GetString());
        Assert.Equal([101, 102], third.RootElement.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32()));
    }

    [Fact]
    public async Task Embed_keeps_symbols_and_emoji_as_the_reference_tokenizer_does()
    {
        // Issue 16: "$" is vocabulary id 1002 and the emoji an [UNK] (100), where they used to vanish.
        var result = await CliRunner.RunAsync(["embed", "--text", "shirt under $20", "--text", "red 😀 shirt"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var dollar = JsonDocument.Parse(lines[0]);
        using var emoji = JsonDocument.Parse(lines[1]);
        Assert.Equal([101, 3797, 2104, 1002, 2322, 102], dollar.RootElement.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([101, 2417, 100, 3797, 102], emoji.RootElement.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32()));
    }

    [Fact]
    public async Task Embed_text_vector_equals_the_reference_demo_query_embedding()
    {
        var query = DemoReference.Instance.Queries[0];
        var expected = DemoReference.Instance.QueryTextEmbeds[0];

        var result = await CliRunner.RunAsync(["embed", "--text", query]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var line = JsonDocument.Parse(result.Stdout);
        var actual = line.RootElement.GetProperty("embedding").EnumerateArray().Select(x => x.GetSingle()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4f);
        }
    }

    [Fact]
    public async Task Embed_without_inputs_is_bad_usage_with_exit_code_2()
    {
        var result = await CliRunner.RunAsync(["embed"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--image", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Embed_of_a_file_that_is_not_an_image_fails_with_exit_code_1_and_one_clear_line()
    {
        var notAnImage = Path.Combine(Directory.CreateTempSubdirectory().FullName, "notes.jpg");
        await File.WriteAllTextAsync(notAnImage, "this is text, not a JPEG");

        var result = await CliRunner.RunAsync(["embed", "--image", notAnImage]);

        Assert.Equal(1, result.ExitCode);
        var errorLines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errorLines);
        Assert.Contains(notAnImage, errorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_with_a_missing_model_directory_is_bad_usage_naming_the_directory()
    {
        var result = await CliRunner.RunAsync(["embed", "--text", "x", "--model", "/no/such/model"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/no/such/model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_bad_usage()
    {
        var result = await CliRunner.RunAsync(["embed", "--colour", "red"]);

        Assert.Equal(2, result.ExitCode);
    }
}
