using System.Globalization;
using MultimodalSearch;
using Spectre.Console;

namespace FashionSearch.Console.Cli;

/// <summary>Shows a workflow result as a table and the advice, for people.</summary>
internal static class ResultView
{
    public static void Write(string message, FashionSearchResult result)
    {
        var console = AnsiConsole.Console;
        console.Write(new Rule($"[bold]{Markup.Escape(message)}[/]").LeftJustified());
        console.MarkupLine(
            $"categories: [bold]{Markup.Escape(string.Join(", ", result.Categories))}[/] x {result.Count} (classified {Source(result.ClassifiedBy)}{Reason(result.ClassificationFallbackReason)})");
        var table = new Table().AddColumns("category", "score", "name", "id", "image");
        foreach (var item in result.Items)
        {
            table.AddRow(
                Markup.Escape(item.Category),
                item.Score.ToString("F3", CultureInfo.InvariantCulture),
                Markup.Escape(item.Name),
                Markup.Escape(item.Id),
                Markup.Escape(item.Image ?? ""));
        }

        console.Write(table);
        console.MarkupLine($"[italic]{Markup.Escape(result.Advice)}[/]");
        console.MarkupLine($"[grey](advice {Source(result.AdvisedBy)}{Reason(result.AdviceFallbackReason)}; {result.Timings.TotalMilliseconds:F0} ms)[/]");
        console.WriteLine();
    }

    private static string Source(ResultSource source) => source == ResultSource.Llm ? "by the LLM" : "offline";

    private static string Reason(string? fallback) => fallback is null ? "" : Markup.Escape($": LLM fallback, {fallback}");
}
