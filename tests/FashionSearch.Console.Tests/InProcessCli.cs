using FashionSearch.Console.Cli;

namespace FashionSearch.Console.Tests;

/// <summary>
/// Runs the CLI in this process through <see cref="CliApplication"/>, the entry point the process uses, with its own
/// stdout, stderr and stdin: a case costs milliseconds instead of a process start. Stdout and stderr are not
/// terminals, as when a script reads them. Pass --store: the default store is under the working directory.
/// </summary>
internal static class InProcessCli
{
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var console = new CliConsole(output, error, input, outputIsTerminal: false, errorIsTerminal: false);
        var exitCode = await CliApplication.RunAsync([.. args], console, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
