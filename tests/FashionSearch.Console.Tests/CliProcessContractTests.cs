using System.Diagnostics;

namespace FashionSearch.Console.Tests;

/// <summary>
/// The rows of the issue-19 table that need a process of their own: configuration from the environment and from
/// appsettings.json in the working directory, and an interrupt (SIGINT).
/// </summary>
[Collection(IndexedDemoStoreCollection.Name)]
public sealed class CliProcessContractTests(IndexedDemoStore store)
{
    [Fact]
    public async Task A_request_timeout_is_one_line_and_exit_code_1_not_a_crash()
    {
        var result = await CliRunner.RunAsync(
            ["ask", "two black t-shirts", "--store", store.Spec, "--json"],
            environment: new Dictionary<string, string> { ["MultimodalSearch__Workflow__RequestTimeout"] = "00:00:00.001" });

        new CliCase("timeout", [], 1, @"error: The request did not finish within 00:00:00\.0010000 \(MultimodalSearch:Workflow:RequestTimeout\)\.", Stdout.Empty).Check(result);
    }

    [Fact]
    public async Task A_mistyped_configuration_value_names_the_key_and_the_value()
    {
        var folder = WorkingDirectoryWith("""{ "MultimodalSearch": { "Intent": { "MaxItems": "lots" } } }""");

        var result = await CliRunner.RunAsync(["ask", "two black t-shirts", "--store", store.Spec], folder);

        new CliCase("mistyped value", [], 1, @"error: configuration: Failed to convert configuration value 'lots' at 'MultimodalSearch:Intent:MaxItems' to type 'System\.Int32'.*", Stdout.Empty).Check(result);
    }

    [Fact]
    public async Task A_broken_appsettings_json_says_which_file_and_where()
    {
        var folder = WorkingDirectoryWith("{\n  \"MultimodalSearch\": {\n    \"Intent\": { \"MaxItems\": 3,, }\n  }\n}\n");

        var result = await CliRunner.RunAsync(["search", "--text", "x", "--store", store.Spec, "--json"], folder);

        new CliCase("broken json", [], 1, $@"error: configuration: Failed to load configuration from file '{System.Text.RegularExpressions.Regex.Escape(Path.Combine(folder, "appsettings.json"))}'.*\(line 3, column \d+\)", Stdout.Empty).Check(result);
    }

    [Theory]
    [InlineData("MultimodalSearch__Postgres__ConnectionString")]
    [InlineData("ConnectionStrings__Catalog")]
    public async Task The_configuration_chooses_the_Postgres_store_without_store_on_the_command_line(string key)
    {
        var folder = Directory.CreateTempSubdirectory("cli-cwd-").FullName;

        var result = await CliRunner.RunAsync(
            ["search", "--text", "x", "--json"],
            folder,
            new Dictionary<string, string> { [key] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2" });

        new CliCase("configured store", [], 1, @"error: [^\n]*PostgreSQL server at 127\.0\.0\.1:1/none[^\n]*", Stdout.Empty).Check(result);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task Ctrl_C_ends_the_cli_with_exit_code_130()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliRunner.CliDll, "ask", "--interactive", "--store", store.Spec })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var prompt = new char[1];
        while (await process.StandardError.ReadAsync(prompt, timeout.Token) == 1 && prompt[0] != '>')
        {
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("", await stdout);
    }

    private static string WorkingDirectoryWith(string appsettings)
    {
        var folder = Directory.CreateTempSubdirectory("cli-cwd-").FullName;
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), appsettings);
        return folder;
    }
}
