using FashionSearch.Console.Cli;

namespace FashionSearch.Console.Tests;

/// <summary>
/// Runs the CLI in this process through <see cref="CliApplication"/>, the entry point the process uses, with its own
/// stdout, stderr and stdin: a case costs milliseconds instead of a process start. Stdout and stderr are not
/// terminals, as when a script reads them. Pass --store: the default store is under the working directory.
/// </summary>
internal static class InProcessCli
{
    /// <param name="args">The command line.</param>
    /// <param name="stdin">What the CLI reads on stdin.</param>
    /// <param name="errorIsTerminal">Whether stderr behaves as a terminal (a live progress bar).</param>
    /// <param name="cancellationToken">Interrupts the run (as Ctrl+C does).</param>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, bool errorIsTerminal = false, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var console = new CliConsole(output, error, input, outputIsTerminal: false, errorIsTerminal);
        var exitCode = await CliApplication.RunAsync([.. args], console, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
