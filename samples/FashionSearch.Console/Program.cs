using System.CommandLine;
using FashionSearch.Console.Cli;
using FashionSearch.Console.Commands;
using MultimodalSearch;

var root = new RootCommand("fashion-search: index a product catalog and search it by text and photo (BLIP-2, pgvector, Gemini).");
CommonOptions.AddTo(root);
root.Add(DemoCommand.Create());
root.Add(IndexCommand.Create());
root.Add(SearchCommand.Create());
root.Add(AskCommand.Create());
root.Add(EmbedCommand.Create());
root.Add(EvalCommand.Create());
root.Add(BenchCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    return ExitCodes.BadUsage;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return ExitCodes.BadUsage;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("error: cancelled");
    return ExitCodes.Failed;
}
catch (Exception ex) when (ex is InvalidImageException or EmbeddingModelException or CatalogStoreException or IOException or ArgumentException or InvalidDataException or Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return ExitCodes.Failed;
}
