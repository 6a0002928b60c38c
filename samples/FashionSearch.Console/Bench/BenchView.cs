using System.Globalization;
using Spectre.Console;

namespace FashionSearch.Console.Bench;

/// <summary>Shows a <c>bench</c> run as a table (people) or as the <c>bench --json</c> document.</summary>
internal static class BenchView
{
    public const string RatioMeaning = "time of ours / time of the baseline: 1.0 is as fast as the baseline, 1.25 is 25% slower";

    public static object ToJson(MachineInfo machine, string model, string mode, IReadOnlyList<BenchFigure> figures) =>
        new { machine, model, mode, ratio = RatioMeaning, figures };

    public static void WriteTable(IAnsiConsole console, MachineInfo machine, string mode, IReadOnlyList<BenchFigure> figures)
    {
        console.MarkupLine(Markup.Escape($"fashion-search bench ({mode}) on {machine}"));
        var table = new Table().AddColumns("figure", "ours", "p99 ms", "baseline", "ratio");
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
                N(f.P99Ms!.Value),
                Markup.Escape($"{N(f.Baseline!.Value)} {f.Unit}"),
                f.Ratio!.Value.ToString("F2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var f in figures)
        {
            var detail = f.Status != "ok"
                ? $"skipped: {f.Reason}"
                : $"baseline: {f.Baseline!.What}" + (f.Reference is { } r ? $"; {r.What}: {N(r.Value)} {f.Unit}" : "");
            console.MarkupLine(Markup.Escape($"  {f.Id}: {f.What}; {detail}"));
        }

        console.MarkupLine(Markup.Escape($"ratio = {RatioMeaning}. Rates are per second at the median run."));
    }

    private static string N(double value) => value.ToString(value >= 100 ? "F0" : value >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}
