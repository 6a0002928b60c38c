using System.CommandLine;
using FashionSearch.Console.Cli;
using MultimodalSearch;
using Spectre.Console;

namespace FashionSearch.Console.Commands;

/// <summary><c>search [--text T] [--image PATH] [--category C ...] [-k N]</c>: the best items for a text, a photo, or both.</summary>
internal static class SearchCommand
{
    private static readonly Option<string?> Text = new("--text", "-t") { Description = "What to look for, in words.", HelpName = "T" };

    private static readonly Option<string?> Image = new("--image", "-i") { Description = "A photo to look for similar items to.", HelpName = "PATH" };

    private static readonly Option<string[]> Category = new("--category", "-c")
    {
        Description = "Only these categories (repeatable).",
        HelpName = "C",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Top = new("-k", "--top") { Description = "How many results.", DefaultValueFactory = _ => 10 };

    private static readonly Option<float> TextWeight = new("--text-weight") { Description = "Weight of the text score when both are given.", DefaultValueFactory = _ => 1f };

    private static readonly Option<float> ImageWeight = new("--image-weight") { Description = "Weight of the photo score when both are given.", DefaultValueFactory = _ => 1f };

    public static Command Create()
    {
        var command = new Command("search", """
            Search the catalog by text, photo, or both (fused). Prints a table, or with --json
            {"hits":[{"id","score","category","name","image"}]}.
            Examples:
              fashion-search search --text "white sneakers" -k 5
              fashion-search search --image photo.jpg --text "red" --category shirt --json
            """);
        command.Add(Text);
        command.Add(Image);
        command.Add(Category);
        command.Add(Top);
        command.Add(TextWeight);
        command.Add(ImageWeight);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(Text);
        var image = parse.GetValue(Image);
        var top = parse.GetValue(Top);
        if (text is null && image is null)
        {
            throw new UsageException("search needs --text T, --image PATH, or both.");
        }

        if (top <= 0)
        {
            throw new UsageException($"-k must be positive; got {top}.");
        }

        await using var host = new CliHost(parse);
        var embedder = host.Embedder;
        var query = new CatalogQuery
        {
            Text = text is null ? null : await embedder.EmbedTextAsync(text, cancellationToken).ConfigureAwait(false),
            Image = image is null ? null : await embedder.EmbedImageAsync(ImageInput.FromFile(image), cancellationToken).ConfigureAwait(false),
            TextWeight = parse.GetValue(TextWeight),
            ImageWeight = parse.GetValue(ImageWeight),
            Categories = parse.GetValue(Category) is { Length: > 0 } categories ? categories : null,
            Top = top,
        };
        var hits = await host.CatalogStore.SearchAsync(query, cancellationToken).ConfigureAwait(false);

        if (host.Json)
        {
            await JsonOutput.WriteAsync(new { hits = hits.Select(ToJson) }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            WriteTable(hits);
        }

        return ExitCodes.Ok;
    }

    internal static object ToJson(CatalogHit hit) => new { id = hit.Id, score = hit.Score, category = hit.Category, name = hit.Name, image = hit.ImageLocation };

    internal static void WriteTable(IReadOnlyList<CatalogHit> hits)
    {
        var table = new Table().AddColumns("#", "score", "category", "name", "id", "image");
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            table.AddRow((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), hit.Score.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(hit.Category), Markup.Escape(hit.Name), Markup.Escape(hit.Id), Markup.Escape(hit.ImageLocation ?? ""));
        }

        AnsiConsole.Write(table);
    }
}
