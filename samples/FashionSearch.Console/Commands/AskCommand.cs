using System.CommandLine;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary><c>ask MESSAGE [--image PATH] [--conversation FILE]</c>: the whole shopping request, or a conversation at a prompt.</summary>
internal static class AskCommand
{
    private static readonly Argument<string?> Message = new("MESSAGE")
    {
        Description = "What the shopper writes. Leave out (or use --interactive) for a conversation at a prompt.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Image = new Option<string?>("--image", "-i") { Description = "The shopper's photo.", HelpName = "PATH" }.AcceptExistingFile();

    private static readonly Option<bool> Interactive = new("--interactive") { Description = "Hold a conversation at a prompt (/help lists its commands)." };

    private static readonly Option<string?> Conversation = new Option<string?>("--conversation")
    {
        Description = "Continue the conversation kept in FILE (created when missing) and write it back with this turn.",
        HelpName = "FILE",
    }.AcceptWritableFile();

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("ask", "Ask as a shopper would: categories, items per category, advice; follow-ups with --conversation.");
        command.Add(Message);
        command.Add(Image);
        command.Add(Interactive);
        command.Add(Conversation);
        CommonOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (!OptionRules.ValueOf(result, Interactive, false) && result.GetValue(Message) is { } message && string.IsNullOrWhiteSpace(message) && result.GetValue(Image) is null)
            {
                result.AddError("ask needs a message, a photo (--image PATH), or both; the message is empty.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            Offline by default; uses Gemini when GEMINI_API_KEY (or MultimodalSearch__Gemini__ApiKey) is set.
            Prints the items as soon as they are found and the advice as it is written, then suggestions.
            With --json prints {"categories":[...],"count":N,"items":[...],"advice":"...","classifiedBy":"llm|offline",
            "advisedBy":"llm|offline","attributes":{...},"relation":"none|similar|complement","followUp":"...",
            "unmatched":[...],"suggestions":[...],"conversation":{"turns":[...]},"timings":{...}}.
            --conversation FILE keeps the conversation between calls, so follow-ups work from a script:
              fashion-search ask "two black t-shirts" --conversation chat.json
              fashion-search ask "show me more" --conversation chat.json
            At the prompt (--interactive): /photo PATH attaches a photo to the next message, /reset starts
            a new conversation, /help lists the commands, /quit ends.
            Examples:
              fashion-search ask "show me two black t-shirts"
              fashion-search ask "find pants to go with this" --image shirt.jpg --json
              fashion-search ask --interactive
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var message = parse.GetValue(Message);
        var conversationFile = parse.GetValue(Conversation);
        await using var host = new CliHost(parse, console, readOnly: true);
        await host.EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
        var limits = host.Services.GetRequiredService<IOptions<FashionSearchOptions>>().Value;
        var conversation = conversationFile is null ? null : await ConversationFile.ReadAsync(conversationFile, limits, cancellationToken).ConfigureAwait(false);
        if (message is null || parse.GetValue(Interactive))
        {
            var session = new AskSession(host, conversation, conversationFile);
            return await session.RunAsync(parse.GetValue(Image), cancellationToken).ConfigureAwait(false);
        }

        await AskTurn.RunAsync(host, PhotoFiles.Request(message, parse.GetValue(Image), conversation), conversationFile, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
