using System.CommandLine;

namespace FashionSearch.Console.Cli;

/// <summary>The options the commands share; each command lists only those it uses.</summary>
internal static class CommonOptions
{
    public static Option<string?> Model { get; } = new Option<string?>("--model")
    {
        Description = "BLIP-2 model folder (vision.onnx, text.onnx, vocab.txt, preprocessor_config.json). Default: the bundled demo model.",
        HelpName = "DIR",
    }.AcceptExistingDirectory();

    public static Option<string?> Store { get; } = CreateStore();

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON on stdout (progress and logs go to stderr).",
    };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log details (and the causes of errors) to stderr.",
    };

    /// <summary>Adds --model, --verbose and, when <paramref name="store"/>, --store and --json.</summary>
    public static void AddTo(Command command, bool store = true)
    {
        command.Add(Model);
        if (store)
        {
            command.Add(Store);
            command.Add(Json);
        }

        command.Add(Verbose);
    }

    private static Option<string?> CreateStore()
    {
        var option = new Option<string?>("--store")
        {
            Description = "Catalog store: embedded:DIR, postgres:<Npgsql connection string>, or vectordata-postgres:<connection string> (the catalog on Microsoft.Extensions.VectorData over pgvector). Default: MultimodalSearch:Postgres:ConnectionString or ConnectionStrings:Catalog when configured, else embedded:./fashion-search-store.",
            HelpName = "SPEC",
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (StoreSpec.Problem(token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        return option;
    }
}
