using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using FashionSearch.Console.Cli;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary><c>embed (--image PATH | --text T)...</c>: one JSON object per input, in command-line order.</summary>
internal static class EmbedCommand
{
    private static readonly Option<string[]> Image = new Option<string[]>("--image", "-i")
    {
        Description = "An image to embed (repeatable).",
        HelpName = "PATH",
        AllowMultipleArgumentsPerToken = false,
    }.AcceptExistingFile();

    private static readonly Option<string[]> Text = new("--text", "-t")
    {
        Description = "A text to embed (repeatable).",
        HelpName = "TEXT",
        AllowMultipleArgumentsPerToken = false,
    };

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("embed", "Print the BLIP-2 embeddings of images and texts as JSON Lines.");
        command.Add(Image);
        command.Add(Text);
        CommonOptions.AddTo(command, store: false);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Image) is not { Length: > 0 } && result.GetValue(Text) is not { Length: > 0 })
            {
                result.AddError("embed needs at least one --image PATH or --text TEXT.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            One JSON object per input, in command-line order (always JSON):
              {"kind":"image","input":PATH,"embedding":[[256 floats] x 32]}
              {"kind":"text","input":TEXT,"tokenIds":[...],"embedding":[256 floats]}
            Examples:
              fashion-search embed --text "a black t-shirt"
              fashion-search embed --image shirt.jpg --text "red shirt" --model ./blip2-itm-vit-g
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var inputs = InputsInOrder(parse);
        await using var host = new CliHost(parse, console);
        var embedder = host.Embedder;
        foreach (var (kind, value) in inputs)
        {
            // Each object is built in memory and written whole: an input that fails leaves nothing partial on stdout.
            using var buffer = new MemoryStream();
            await using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            writer.WriteString("kind", kind);
            writer.WriteString("input", value);
            if (kind == "image")
            {
                var embedding = await embedder.EmbedImageAsync(ImageInput.FromFile(value), cancellationToken).ConfigureAwait(false);
                writer.WriteStartArray("embedding");
                for (var q = 0; q < embedding.QueryCount; q++)
                {
                    WriteVector(writer, embedding.GetQuery(q).Span);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartArray("tokenIds");
                foreach (var id in embedder.Tokenize(value))
                {
                    writer.WriteNumberValue(id);
                }

                writer.WriteEndArray();
                var embedding = await embedder.EmbedTextAsync(value, cancellationToken).ConfigureAwait(false);
                writer.WritePropertyName("embedding");
                WriteVector(writer, embedding.Vector.Span);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await JsonOutput.WriteLineAsync(console, System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static void WriteVector(Utf8JsonWriter writer, ReadOnlySpan<float> vector)
    {
        writer.WriteStartArray();
        foreach (var value in vector)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>The --image and --text values interleaved as they appear on the command line.</summary>
    private static List<(string Kind, string Value)> InputsInOrder(ParseResult parse)
    {
        var result = new List<(string, string)>();
        string? pending = null;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.Option)
            {
                pending = Image.Aliases.Contains(token.Value) || token.Value == Image.Name ? "image"
                    : Text.Aliases.Contains(token.Value) || token.Value == Text.Name ? "text"
                    : null;
            }
            else if (token.Type == TokenType.Argument && pending is not null)
            {
                result.Add((pending, token.Value));
                pending = null;
            }
        }

        return result;
    }
}
