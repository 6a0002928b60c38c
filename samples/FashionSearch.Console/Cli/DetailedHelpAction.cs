using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Help with one summary line per command in the root's list, and the command's details (its JSON shape,
/// examples) after its own help: <c>fashion-search ask --help</c>.
/// </summary>
internal sealed class DetailedHelpAction(CommandLineAction inner, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
{
    public static void Install(RootCommand root, IReadOnlyDictionary<Command, string> details)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new DetailedHelpAction(help.Action!, details);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = inner is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        if (details.TryGetValue(parseResult.CommandResult.Command, out var detail) && detail.Length > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Details:");
            foreach (var line in detail.ReplaceLineEndings("\n").Split('\n'))
            {
                output.WriteLine(line.Length == 0 ? "" : "  " + line);
            }

            output.WriteLine();
        }

        return exitCode;
    }
}
