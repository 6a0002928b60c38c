using System.Diagnostics;
using MultimodalSearch.Testing;

namespace FashionSearch.Console.Tests;

/// <summary>Runs the built <c>fashion-search</c> CLI as a separate process.</summary>
internal static class CliRunner
{
    private static readonly Lazy<string> Dll = new(FindCli);

    public static string CliDll => Dll.Value;

    /// <param name="args">The command line.</param>
    /// <param name="workingDirectory">The working directory; default a new empty one.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="timeout">How long the run may take.</param>
    /// <param name="stdin">What the CLI reads on stdin (then end of input); default nothing.</param>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? stdin = null)
    {
        // A working directory made here is this run's own: deleted when the run ends.
        var ownDirectory = workingDirectory is null ? Directory.CreateTempSubdirectory("fashion-search-cwd-").FullName : null;
        try
        {
            return await RunInAsync(args, workingDirectory ?? ownDirectory!, environment, timeout, stdin);
        }
        finally
        {
            if (ownDirectory is not null)
            {
                try
                {
                    Directory.Delete(ownDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder must not fail a test.
                }
            }
        }
    }

    private static async Task<CliResult> RunInAsync(IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment, TimeSpan? timeout, string? stdin)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Keep the developer's own settings out of the run.
        start.Environment.Remove("GEMINI_API_KEY");
        start.Environment.Remove("GOOGLE_API_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fashion-search {string.Join(' ', args)} did not finish in time. stderr: {await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindCli()
    {
        // The CLI is built with the same configuration as this test project (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot, "samples", "FashionSearch.Console", "bin", configuration, "net10.0", "fashion-search.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the CLI first: {dll} is missing.", dll);
        }

        return dll;
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
