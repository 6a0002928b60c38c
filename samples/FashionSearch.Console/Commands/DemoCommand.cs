using System.CommandLine;
using FashionSearch.Console.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalSearch;
using MultimodalSearch.Ingestion;

namespace FashionSearch.Console.Commands;

/// <summary><c>demo</c>: index the bundled catalog (once) and answer sample requests offline.</summary>
internal static class DemoCommand
{
    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("demo", "Index the bundled demo catalog and answer sample requests, offline.");
        CommonOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            Indexes the bundled demo catalog (360 products; reused when already indexed) into the store and
            answers sample requests: text, photo, and photo + text. Runs offline with the bundled model.
            Examples:
              fashion-search demo
              fashion-search demo --store postgres:"Host=127.0.0.1;Database=shop" --json
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        await using var host = new CliHost(parse, console, indexes: true);
        var ingestor = host.CreateIngestor(host.CatalogStore);
        var summary = await ProgressReporter.RunAsync(
            console,
            progress => ingestor.IngestAsync(new StylesCsvCatalogSource(BundledModel.Catalog), progress, cancellationToken),
            "Indexing the demo catalog").ConfigureAwait(false);
        console.Error.WriteLine(
            $"Demo catalog: {summary.Indexed} indexed, {summary.Skipped} already indexed, {summary.Failed.Count} failed; {summary.Total} items in {host.Store}.");

        var requests = SampleRequests();
        var results = new List<object>();
        foreach (var (message, photo) in requests)
        {
            var result = await host.Workflow.AskAsync(new FashionSearchRequest(message, photo is null ? null : ImageInput.FromFile(photo)), cancellationToken).ConfigureAwait(false);
            if (host.Json)
            {
                results.Add(new { message, photo, result });
            }
            else
            {
                ResultView.Write(console, photo is null ? message : $"{message}  [photo: {photo}]", result);
            }
        }

        if (host.Json)
        {
            await JsonOutput.WriteAsync(console, new { indexed = summary.Indexed, skipped = summary.Skipped, total = summary.Total, requests = results }, cancellationToken).ConfigureAwait(false);
        }

        return summary.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static List<(string Message, string? Photo)> SampleRequests()
    {
        var images = Path.Combine(BundledModel.Catalog, "images");
        return
        [
            ("show me two black t-shirts", null),
            ("I need a green jacket and brown shoes", null),
            ("find pants to go with this", Path.Combine(images, "shirt", "10081.jpg")),
            ("a jersey like this one, but red", Path.Combine(images, "jersey", "10325.jpg")),
        ];
    }
}
