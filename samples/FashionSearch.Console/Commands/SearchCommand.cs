using System.CommandLine;
using System.Globalization;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary><c>search [--text TEXT] [--image PATH] [--category CATEGORY ...] [-k N]</c>: the best items for a text, a photo, or both.</summary>
internal static class SearchCommand
{
    private static readonly Option<string?> Text = new("--text", "-t") { Description = "What to look for, in words.", HelpName = "TEXT" };

    private static readonly Option<string?> Image = new Option<string?>("--image", "-i") { Description = "A photo to find similar items to.", HelpName = "PATH" }.AcceptExistingFile();

    private static readonly Option<string[]> Category = new("--category", "-c")
    {
        Description = "Only these categories (repeatable; any case).",
        HelpName = "CATEGORY",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Top = new("-k", "--top") { Description = "How many results.", DefaultValueFactory = _ => 10, HelpName = "N" };

    private static readonly Option<float?> TextWeight = new("--text-weight")
    {
        Description = "Weight of the text score when a text and a photo are given. Default: MultimodalSearch:Workflow:TextWeight (1), as ask uses.",
        HelpName = "W",
    };

    private static readonly Option<float?> ImageWeight = new("--image-weight")
    {
        Description = "Weight of the photo score when a text and a photo are given. Default: MultimodalSearch:Workflow:ImageWeight (2), as ask uses.",
        HelpName = "W",
    };

    static SearchCommand()
    {
        Top.Require(k => k <= 0 ? $"-k must be 1 or more; got {k}." : null);
        foreach (var weight in new[] { TextWeight, ImageWeight })
        {
            weight.Require(value => value is { } w && !(w >= 0 && float.IsFinite(w)) ? $"{weight.Name} must be 0 or more; got {w.ToString(CultureInfo.InvariantCulture)}." : null);
        }

        Text.Require(text => text is not null && string.IsNullOrWhiteSpace(text) ? "--text is empty; give words to search for, or leave it out and give --image." : null);
    }

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("search", "Search the catalog by text, photo, or both.");
        command.Add(Text);
        command.Add(Image);
        command.Add(Category);
        command.Add(Top);
        command.Add(TextWeight);
        command.Add(ImageWeight);
        CommonOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Text) is null && result.GetValue(Image) is null)
            {
                result.AddError("search needs --text TEXT, --image PATH, or both.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            A text and a photo together are fused with the workflow's weights (--text-weight, --image-weight).
            Prints a table, or with --json {"hits":[{"id","score","category","name","image"}]}.
            Examples:
              fashion-search search --text "white sneakers" -k 5
              fashion-search search --image photo.jpg --text "red" --category shirt --json
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(Text);
        var image = parse.GetValue(Image);
        await using var host = new CliHost(parse, console, readOnly: true);
        await host.EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
        var categories = await CategoryNames.ResolveAsync(host.CatalogStore, parse.GetValue(Category) ?? [], cancellationToken).ConfigureAwait(false);
        var defaults = host.Services.GetRequiredService<IOptions<FashionSearchOptions>>().Value;
        var embedder = host.Embedder;
        var query = new CatalogQuery
        {
            Text = text is null ? null : await embedder.EmbedTextAsync(text, cancellationToken).ConfigureAwait(false),
            Image = image is null ? null : await embedder.EmbedImageAsync(ImageInput.FromFile(image), cancellationToken).ConfigureAwait(false),
            TextWeight = parse.GetValue(TextWeight) ?? defaults.TextWeight,
            ImageWeight = parse.GetValue(ImageWeight) ?? defaults.ImageWeight,
            Categories = categories.Count > 0 ? categories : null,
            Top = parse.GetValue(Top),
        };
        var hits = await host.CatalogStore.SearchAsync(query, cancellationToken).ConfigureAwait(false);

        if (host.Json)
        {
            await JsonOutput.WriteAsync(console, new { hits = hits.Select(ToJson) }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            HitsView.Write(console, hits);
        }

        return ExitCodes.Ok;
    }

    internal static object ToJson(CatalogHit hit) => new { id = hit.Id, score = hit.Score, category = hit.Category, name = hit.Name, image = hit.ImageLocation };
}
