using System.CommandLine;
using FashionSearch.Console.Commands;

namespace FashionSearch.Console.Cli;

/// <summary>
/// The whole CLI behind <c>Main</c>: parses, runs the command, and turns every failure into one line on stderr and
/// the contract's exit code (0 ok, 1 a request failed, 2 bad usage, 130 interrupted). Nothing but whole results
/// reaches stdout.
/// </summary>
internal static class CliApplication
{
    private const string RequiredCommandMissing = "Required command was not provided.";

    /// <summary>Builds the command tree; every command writes to <paramref name="console"/>.</summary>
    public static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand("fashion-search: index a product catalog and search it by text and photo (BLIP-2, pgvector, Gemini).");
        var details = new Dictionary<Command, string>();
        foreach (var (command, detail) in new[]
        {
            DemoCommand.Create(console),
            IndexCommand.Create(console),
            SearchCommand.Create(console),
            AskCommand.Create(console),
            EmbedCommand.Create(console),
            EvalCommand.Create(console),
            BenchCommand.Create(console),
        })
        {
            root.Add(command);
            details[command] = detail;
        }

        DetailedHelpAction.Install(root, details);
        return root;
    }

    /// <summary>Runs the CLI with <paramref name="args"/>.</summary>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        try
        {
            var parse = CreateRoot(console).Parse(args);
            // Help is shown even when the rest of the line would not parse ("embed --help" has no input).
            if (parse.Errors.Count > 0 && parse.Action is not DetailedHelpAction)
            {
                // "fashion-search find shoes": the unknown words say it; "Required command was not provided" adds nothing.
                var errors = parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
                if (errors.Count > 1)
                {
                    errors.Remove(RequiredCommandMissing);
                }

                foreach (var error in errors)
                {
                    console.Error.WriteLine($"error: {error}");
                }

                return ExitCodes.BadUsage;
            }

            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.Out,
                Error = console.Error,
                // Ctrl+C and SIGTERM are handled here (InterruptSignals), the same way whatever System.CommandLine's version.
                ProcessTerminationTimeout = null,
            };
            using var interrupt = InterruptSignals.Register(cancellationToken);
            return await interrupt.RunAsync(token => parse.InvokeAsync(configuration, token)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (exitCode, message) = CliError.Describe(ex, cancellationToken.IsCancellationRequested || ex is OperationCanceledException { CancellationToken.IsCancellationRequested: true });
            console.Error.WriteLine($"error: {message}");
            if (verbose)
            {
                console.Error.WriteLine(ex.ToString());
            }

            return exitCode;
        }
    }
}
