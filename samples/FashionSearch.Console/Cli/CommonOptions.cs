using System.CommandLine;

namespace FashionSearch.Console.Cli;

/// <summary>The options every command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> Model { get; } = new("--model")
    {
        Description = "BLIP-2 model directory (vision.onnx, text.onnx, vocab.txt, preprocessor_config.json). Default: the bundled demo model.",
        HelpName = "DIR",
        Recursive = true,
    };

    public static Option<string?> Store { get; } = new("--store")
    {
        Description = "Catalog store: embedded:DIR, postgres:<Npgsql connection string>, or vectordata-postgres:<connection string> (the catalog on Microsoft.Extensions.VectorData over pgvector). Default: embedded:./fashion-search-store",
        HelpName = "SPEC",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON on stdout (progress and logs go to stderr).",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log details to stderr.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Add(Model);
        root.Add(Store);
        root.Add(Json);
        root.Add(Verbose);
    }
}
