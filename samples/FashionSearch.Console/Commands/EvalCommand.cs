using System.CommandLine;
using System.Globalization;
using FashionSearch.Console.Cli;
using FashionSearch.Console.Eval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalSearch.Evaluation;

namespace FashionSearch.Console.Commands;

/// <summary><c>eval [--queries FILE.jsonl]</c>: search quality (precision@k, recall@k, nDCG@k, MRR) per query type and scoring mode.</summary>
internal static class EvalCommand
{
    private static readonly Option<string?> Queries = new Option<string?>("--queries", "-q")
    {
        Description = "A JSON Lines file of judged queries (docs/evaluation.md), evaluated against the catalog in the store. Default: queries generated from the catalog's colour, category and pattern attributes.",
        HelpName = "FILE",
    }.AcceptExistingFile();

    private static readonly Option<int> K = new("-k") { Description = "The cut-off of precision@k, recall@k and nDCG@k.", DefaultValueFactory = _ => 10, HelpName = "N" };

    private static readonly Option<int> Depth = new("--depth") { Description = "Results retrieved per query: the depth of the reciprocal rank.", DefaultValueFactory = _ => 100, HelpName = "N" };

    private static readonly Option<string[]> Fused = new("--fused")
    {
        Description = "Text:image weight pairs compared for photo + text queries (repeatable). Default: 1:2 2:1 4:1.",
        HelpName = "T:I",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int?> MaxQueries = new("--max-queries")
    {
        Description = "Evaluate at most N queries of each type (text, photo, photo + text), evenly spaced through the set, for a quicker run.",
        HelpName = "N",
    };

    private static readonly Option<bool> PerQuery = new("--per-query") { Description = "With --json, also list every query's top k and metrics." };

    public static (Command Command, string Details) Create(CliConsole console)
    {
        var command = new Command("eval", "Measure search quality (precision, recall, nDCG, MRR) per query type and scoring.");
        command.Add(Queries);
        command.Add(K);
        command.Add(Depth);
        command.Add(Fused);
        command.Add(MaxQueries);
        command.Add(PerQuery);
        CommonOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            var k = OptionRules.ValueOf(result, K, 10);
            var depth = OptionRules.ValueOf(result, Depth, 100);
            if (k <= 0 || depth < k)
            {
                result.AddError($"-k must be positive and --depth at least k; got -k {k}, --depth {depth}.");
            }

            if (OptionRules.ValueOf(result, MaxQueries, null) is <= 0 and var max)
            {
                result.AddError($"--max-queries must be positive; got {max}.");
            }

            foreach (var pair in OptionRules.ValueOf(result, Fused, []) ?? [])
            {
                if (TryParseWeights(pair) is null)
                {
                    result.AddError($"--fused takes text:image weights such as 2:1 (0 or more, not both 0); got '{pair}'.");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));
        return (command, """
            Precision@k, recall@k, nDCG@k and MRR for text, photo and photo + text queries, under each
            scoring mode: the store's search (BLIP-2 max over query vectors), one mean-pooled vector per
            item, and fused text:image weights. Without --queries, an empty store is first filled with the
            bundled demo catalog, and the queries are generated from the catalog's attributes (relevant =
            same category and colour, and pattern when named). With --queries the store must hold a catalog.
            Examples:
              fashion-search eval
              fashion-search eval --queries my-judgements.jsonl -k 5 --json
            """);
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var options = new EvaluationOptions { K = parse.GetValue(K), Depth = parse.GetValue(Depth) };
        var maxQueries = parse.GetValue(MaxQueries);

        if (parse.GetValue(Fused) is { Length: > 0 } pairs)
        {
            foreach (var mode in options.Modes.Where(m => m.IsFused).ToList())
            {
                options.Modes.Remove(mode);
            }

            foreach (var pair in pairs)
            {
                options.Modes.Add(TryParseWeights(pair)!);
            }
        }

        var file = parse.GetValue(Queries);
        await using var host = new CliHost(parse, console, indexes: true);
        IReadOnlyList<JudgedQuery> queries;
        string querySet;
        if (file is not null)
        {
            // Before anything opens the store: a read of a store that does not exist creates nothing.
            await host.EnsureCatalogAsync(cancellationToken).ConfigureAwait(false);
        }

        var evaluator = new SearchEvaluator(host.Embedder, host.CatalogStore, host.Services.GetRequiredService<ILogger<SearchEvaluator>>());
        if (file is null)
        {
            await BundledCatalogIndexer.EnsureIndexedAsync(host, host.CatalogStore, host.Store.ToString(), cancellationToken).ConfigureAwait(false);
            queries = AttributeQuerySet.Create(await evaluator.GetCatalogItemsAsync(cancellationToken).ConfigureAwait(false));
            if (queries.Count == 0)
            {
                throw new UsageException($"The items in {host.Store} have no '{new AttributeQueryOptions().ColourKey}' attribute to generate queries from: pass --queries FILE.jsonl.");
            }

            querySet = "built-in attribute queries";
        }
        else
        {
            queries = await LoadAsync(file, cancellationToken).ConfigureAwait(false);
            querySet = Path.GetFullPath(file);
        }

        if (maxQueries is { } perKind)
        {
            queries = QuerySample.Take(queries, perKind);
            querySet += $" (at most {perKind} per query type)";
        }

        console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Evaluating {queries.Count} queries ({string.Join(", ", queries.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {EvaluationView.Name(g.Key)}"))}) under {options.Modes.Count} scoring modes..."));
        EvaluationReport report;
        try
        {
            report = await evaluator.EvaluateAsync(queries, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex) when (ex.ParamName == "queries")
        {
            throw new UsageException(ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal));
        }

        if (host.Json)
        {
            await JsonOutput.WriteAsync(console, EvaluationView.ToJson(report, host.Store.ToString(), querySet, parse.GetValue(PerQuery)), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            EvaluationView.WriteTable(console.Ansi, report, host.Store.ToString(), querySet);
        }

        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<JudgedQuery>> LoadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await JudgedQueryFile.LoadAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static ScoringMode? TryParseWeights(string pair)
    {
        var parts = pair.Split(':');
        if (parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var text)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var image)
            && float.IsFinite(text) && float.IsFinite(image) && text >= 0 && image >= 0 && text + image > 0)
        {
            return ScoringMode.Fused(text, image);
        }

        return null;
    }
}
