using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// The CLI facing hostile input (issue 22): a catalog of special files and links out, a Gemini that echoes the API key,
/// a mistyped --store holding a password. Good images are indexed, each bad entry reported once, and no fragment of a
/// secret reaches stdout, stderr or the JSON.
/// </summary>
[Collection(IndexedDemoStoreCollection.Name)]
public sealed class HostileInputTests(IndexedDemoStore store) : IDisposable
{
    private const string ApiKey = "AIzaSyHostile-Echoed-Key-0123456789abcd";
    private const string Password = "Pg-Secret-Passw0rd-4711";

    private readonly string _folder = Directory.CreateTempSubdirectory("hostile-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Index_of_a_hostile_catalog_indexes_the_good_images_reports_each_bad_entry_once_and_exits_1()
    {
        using var catalog = new HostileCatalog();

        var result = await InProcessCli.RunAsync(["index", catalog.Root, "--store", "embedded:" + Path.Combine(_folder, "store"), "--json"])
            .WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(catalog.GoodImages, json.RootElement.GetProperty("indexed").GetInt32());
        var failed = json.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        Assert.Equal(catalog.BadEntries.Order(StringComparer.Ordinal), failed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("postgress:Host=127.0.0.1;Pwd={0}")]
    [InlineData("Host=127.0.0.1;Username=shop;Password='{0};x'")]
    [InlineData("postgresq://shop:{0}@127.0.0.1/shop")]
    public async Task A_mistyped_store_never_prints_its_password(string format)
    {
        var spec = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Password);

        var result = await InProcessCli.RunAsync(["search", "--text", "shirt", "--store", spec, "--json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--store must be", result.Stderr, StringComparison.Ordinal);
        SecretAssert.NoFragment(Password, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_gemini_that_echoes_the_key_in_its_error_leaves_no_fragment_in_any_output()
    {
        await using var gemini = new EchoingGeminiServer();

        var result = await CliRunner.RunAsync(
            ["ask", "two shirts", "--store", store.Spec, "--json", "--verbose"],
            environment: new Dictionary<string, string>
            {
                ["GEMINI_API_KEY"] = ApiKey,
                ["MultimodalSearch__Gemini__Endpoint"] = gemini.BaseUri.ToString(),
                ["MultimodalSearch__Gemini__MaxRetries"] = "0",
            });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(gemini.Requests > 0, "the CLI never called the fake Gemini");
        Assert.Contains("\"classificationFallback\"", result.Stdout, StringComparison.Ordinal);
        SecretAssert.NoFragment(ApiKey, result.Stdout + result.Stderr);
    }
}
