using System.Globalization;
using Spectre.Console;

namespace FashionSearch.Console.Bench;

/// <summary>Shows a <c>bench</c> run as a table (people) or as the <c>bench --json</c> document.</summary>
internal static class BenchView
{
    public static object ToJson(MachineInfo machine, string model, string mode, IReadOnlyList<BenchFigure> figures) =>
        new { machine, model, mode, figures };

    public static void WriteTable(IAnsiConsole console, MachineInfo machine, string mode, IReadOnlyList<BenchFigure> figures)
    {
        console.MarkupLine(Markup.Escape($"fashion-search bench ({mode}) on {machine}"));
        var table = new Table().AddColumns("figure", "value", "p50 ms", "p99 ms", "runs");
        foreach (var f in figures)
        {
            if (f.Status != "ok")
            {
                table.AddRow(Markup.Escape(f.Id), "[grey]skipped[/]", "", "", "");
                continue;
            }

            table.AddRow(
                Markup.Escape(f.Id),
                Markup.Escape($"{N(f.Value!.Value)} {f.Unit}"),
                N(f.P50Ms!.Value),
                N(f.P99Ms!.Value),
                f.Runs!.Value.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var f in figures)
        {
            console.MarkupLine(Markup.Escape($"  {f.Id}: {f.What}" + (f.Status != "ok" ? $"; skipped: {f.Reason}" : "")));
        }

        console.MarkupLine(Markup.Escape("Rates are per second at the median run. For comparisons with baselines, run the BenchmarkDotNet suites in benchmarks/MultimodalSearch.Benchmarks."));
    }

    private static string N(double value) => value.ToString(value >= 100 ? "F0" : value >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}
