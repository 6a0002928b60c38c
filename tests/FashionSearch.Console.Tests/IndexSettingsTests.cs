using System.Text.Json;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>
/// <c>index</c> favours throughput by default (several one-thread model calls side by side), and
/// configuration (environment variables here) overrides those defaults and is validated.
/// </summary>
public sealed class IndexSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("index-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Index_runs_one_model_call_per_core_by_default_and_the_configuration_wins()
    {
        var byDefault = await IndexAsync("default", []);
        var configured = await IndexAsync("configured", new() { ["MultimodalSearch__Ingestion__EmbeddingConcurrency"] = "1", ["MultimodalSearch__Ingestion__EmbeddingBatchSize"] = "16", ["MultimodalSearch__Blip2__IntraOpThreads"] = "3" });

        var cores = Math.Clamp(Environment.ProcessorCount, 1, 4);
        Assert.Contains($"Model calls at once: {cores}, of up to 4 images", byDefault, StringComparison.Ordinal);
        Assert.Contains($"({Math.Max(1, Environment.ProcessorCount / cores)} threads per call)", byDefault, StringComparison.Ordinal);
        Assert.Contains("Model calls at once: 1, of up to 16 images", configured, StringComparison.Ordinal);
        Assert.Contains("(3 threads per call)", configured, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_ingestion_setting_is_named_and_nothing_is_indexed()
    {
        var store = Path.Combine(_folder, "invalid");

        var result = await CliRunner.RunAsync(
            ["index", TestPaths.DemoCatalog, "--store", "embedded:" + store, "--json"],
            environment: new Dictionary<string, string> { ["MultimodalSearch__Ingestion__EmbeddingConcurrency"] = "0" });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("MultimodalSearch:Ingestion:EmbeddingConcurrency", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_batch_size_below_1_is_bad_usage()
    {
        var result = await CliRunner.RunAsync(["index", TestPaths.DemoCatalog, "--store", "embedded:" + Path.Combine(_folder, "zero"), "--batch-size", "0"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--batch-size must be 1 or more", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> IndexAsync(string name, Dictionary<string, string> environment)
    {
        var result = await CliRunner.RunAsync(["index", TestPaths.DemoCatalog, "--store", "embedded:" + Path.Combine(_folder, name), "--json", "--verbose"], environment: environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var summary = JsonDocument.Parse(result.Stdout);
        Assert.Equal(360, summary.RootElement.GetProperty("indexed").GetInt32());
        return result.Stderr;
    }
}
