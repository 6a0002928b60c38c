using FashionSearch.Console.Cli;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary>
/// <c>ask --interactive</c>: a conversation at a prompt. Messages go to the workflow with the conversation so far, so
/// follow-ups ("in red instead", "show me more", "what about shoes?", "the second one but in blue") work; lines that
/// start with '/' are commands. A message that fails is an error line; the session goes on.
/// </summary>
internal sealed class AskSession(CliHost host, FashionConversation? conversation, string? conversationFile)
{
    public const string Help = """
        Type what you are looking for; follow-ups such as "in red instead", "show me more",
        "what about shoes?" or "the second one but in blue" continue the conversation.
          /photo PATH   attach a photo to the next message (also /image PATH)
          /reset        start a new conversation
          /help         show this help
          /quit         end (also /exit, or end of input)
        """;

    private FashionConversation _conversation = conversation ?? FashionConversation.Empty;
    private string? _photo;

    private CliConsole Console => host.Console;

    /// <returns>The exit code: 0 when the input ends or /quit.</returns>
    public async Task<int> RunAsync(string? firstPhoto, CancellationToken cancellationToken)
    {
        _photo = firstPhoto;
        Console.Error.WriteLine("Ask for clothes; /help lists the commands, /quit ends.");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Console.Error.Write(_photo is null ? "> " : $"[{Path.GetFileName(_photo)}] > ");
            var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return ExitCodes.Ok;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('/'))
            {
                if (!Command(line))
                {
                    return ExitCodes.Ok;
                }

                continue;
            }

            await AskAsync(line, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>False when the command ends the session.</returns>
    private bool Command(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim().Trim('"');
        switch (name)
        {
            case "/quit" or "/exit" or "/q":
                return false;
            case "/help" or "/?":
                Console.Error.WriteLine(Help);
                break;
            case "/reset":
                _conversation = FashionConversation.Empty;
                _photo = null;
                Console.Error.WriteLine("Started a new conversation.");
                break;
            case "/photo" or "/image":
                if (PathRules.FileProblem(argument) is { } problem)
                {
                    Console.Error.WriteLine($"error: {name} {(argument.Length == 0 ? "needs a PATH" : problem)}.");
                }
                else
                {
                    _photo = argument;
                    Console.Error.WriteLine($"The next message goes with {Path.GetFullPath(argument)}.");
                }

                break;
            default:
                Console.Error.WriteLine($"error: unknown command '{name}'; /help lists the commands.");
                break;
        }

        return true;
    }

    private async Task AskAsync(string message, CancellationToken cancellationToken)
    {
        var request = PhotoFiles.Request(message, _photo, _conversation);
        _photo = null;
        try
        {
            var result = await AskTurn.RunAsync(host, request, conversationFile, cancellationToken).ConfigureAwait(false);
            _conversation = result.Conversation;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: {CliError.Describe(ex, cancelled: false).Message}");
        }
    }
}
