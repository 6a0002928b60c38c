using System.CommandLine;
using FashionSearch.Console.Cli;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary><c>ask MESSAGE [--image PATH]</c>: the whole shopping request, or an interactive prompt loop.</summary>
internal static class AskCommand
{
    private static readonly Argument<string?> Message = new("MESSAGE")
    {
        Description = "What the shopper writes. Leave out (or use --interactive) for a prompt loop.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Image = new("--image", "-i") { Description = "The shopper's photo.", HelpName = "PATH" };

    private static readonly Option<bool> Interactive = new("--interactive") { Description = "Read messages from the terminal; '/image PATH' attaches a photo to the next message, '/quit' ends." };

    public static Command Create()
    {
        var command = new Command("ask", """
            Ask as a shopper would: classify the request, find the items per category, write advice.
            Offline by default; uses Gemini when GEMINI_API_KEY (or MultimodalSearch__Gemini__ApiKey) is set.
            With --json prints {"categories":[...],"count":N,"items":[...],"advice":"...","classifiedBy":"llm|offline","advisedBy":"llm|offline",...}.
            Examples:
              fashion-search ask "show me two black t-shirts"
              fashion-search ask "find pants to go with this" --image shirt.jpg --json
              fashion-search ask --interactive
            """);
        command.Add(Message);
        command.Add(Image);
        command.Add(Interactive);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var message = parse.GetValue(Message);
        await using var host = new CliHost(parse);
        await EnsureCatalogAsync(host, cancellationToken).ConfigureAwait(false);
        if (message is null || parse.GetValue(Interactive))
        {
            return await InteractiveAsync(host, parse.GetValue(Image), cancellationToken).ConfigureAwait(false);
        }

        var photo = parse.GetValue(Image) is { } image ? ImageInput.FromFile(image) : null;
        var result = await host.Workflow.AskAsync(new FashionSearchRequest(message, photo), cancellationToken).ConfigureAwait(false);
        if (host.Json)
        {
            await JsonOutput.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ResultView.Write(message, result);
        }

        return ExitCodes.Ok;
    }

    internal static async Task EnsureCatalogAsync(CliHost host, CancellationToken cancellationToken)
    {
        if (await host.CatalogStore.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new UsageException($"The catalog in {host.Store} is empty: run 'fashion-search index FOLDER' (or 'fashion-search demo') first.");
        }
    }

    private static async Task<int> InteractiveAsync(CliHost host, string? firstImage, CancellationToken cancellationToken)
    {
        var photo = firstImage;
        System.Console.Error.WriteLine("Ask for clothes ('/image PATH' attaches a photo to the next message, '/quit' ends).");
        while (!cancellationToken.IsCancellationRequested)
        {
            System.Console.Error.Write(photo is null ? "> " : $"[{Path.GetFileName(photo)}] > ");
            var line = System.Console.ReadLine();
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("/image", StringComparison.OrdinalIgnoreCase))
            {
                photo = line[6..].Trim().Trim('"');
                if (!File.Exists(photo))
                {
                    System.Console.Error.WriteLine($"No such file: {photo}");
                    photo = null;
                }

                continue;
            }

            try
            {
                var request = new FashionSearchRequest(line, photo is null ? null : ImageInput.FromFile(photo));
                var result = await host.Workflow.AskAsync(request, cancellationToken).ConfigureAwait(false);
                if (host.Json)
                {
                    await JsonOutput.WriteAsync(result, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    ResultView.Write(line, result);
                }
            }
            catch (InvalidImageException ex)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
            }

            photo = null;
        }

        return ExitCodes.Ok;
    }
}
