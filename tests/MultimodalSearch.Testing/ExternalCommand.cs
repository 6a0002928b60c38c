using System.Diagnostics;
using Xunit;

namespace MultimodalSearch.Testing;

/// <summary>Runs a tool of the machine (pg.sh, mount, kill) for a test and fails the test when the tool fails.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="command"/> and returns what it wrote on stdout.</summary>
    /// <param name="command">The program.</param>
    /// <param name="arguments">Its arguments, each passed as is.</param>
    /// <returns>Its standard output.</returns>
    public static async Task<string> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
        return await output;
    }
}
