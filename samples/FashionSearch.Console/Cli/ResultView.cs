using System.Globalization;
using MultimodalSearch;
using Spectre.Console;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Shows a workflow answer for people, part by part so that a streamed answer shows each part as it arrives: what
/// was understood, the items (a table on a terminal, plain lines with whole image paths otherwise), the advice, and
/// the follow-ups the shopper might send next.
/// </summary>
internal static class ResultView
{
    /// <summary>Shows a whole result.</summary>
    public static void Write(CliConsole console, string message, FashionSearchResult result)
    {
        WriteHeading(console, message);
        WriteUnderstood(console, result.Categories, result.Count, result.Attributes, result.Relation, result.Unmatched, result.ClassifiedBy, result.ClassificationFallbackReason);
        WriteItems(console, result.Items);
        console.Out.WriteLine(result.Advice);
        WriteFooter(console, result, streamedAdvice: result.Advice);
    }

    public static void WriteHeading(CliConsole console, string message)
    {
        if (console.OutputIsTerminal)
        {
            console.Ansi.Write(new Rule($"[bold]{Markup.Escape(message)}[/]").LeftJustified());
        }
        else
        {
            console.Out.WriteLine($"== {message}");
        }
    }

    public static void WriteUnderstood(
        CliConsole console,
        IReadOnlyList<string> categories,
        int count,
        IReadOnlyDictionary<string, string> attributes,
        PhotoRelation relation,
        IReadOnlyList<string> unmatched,
        ResultSource classifiedBy,
        string? fallback)
    {
        var what = categories.Count > 0 ? string.Join(", ", categories) : unmatched.Count > 0 ? "none the catalog has" : "the whole catalog";
        var details = new List<string>();
        if (attributes.Count > 0)
        {
            details.Add(string.Join(", ", attributes.Select(a => $"{a.Key} {a.Value}")));
        }

        if (relation != PhotoRelation.None)
        {
            details.Add(relation == PhotoRelation.Similar ? "like the photo" : "to go with the photo");
        }

        var extra = details.Count == 0 ? "" : $"; {string.Join("; ", details)}";
        console.Out.WriteLine($"categories: {what} x {count}{extra} (classified {Source(classifiedBy)}{Reason(fallback)})");
    }

    public static void WriteItems(CliConsole console, IReadOnlyList<FashionSearchItem> items)
    {
        if (items.Count == 0)
        {
            console.Out.WriteLine("No items found.");
            return;
        }

        if (!console.OutputIsTerminal)
        {
            foreach (var item in items)
            {
                console.Out.WriteLine(string.Join('\t', item.Category, Score(item.Score), item.Name, item.Id, item.Image ?? ""));
            }

            return;
        }

        var table = new Table().AddColumns("category", "score", "name", "id", "image");
        foreach (var item in items)
        {
            table.AddRow(Markup.Escape(item.Category), Score(item.Score), Markup.Escape(item.Name), Markup.Escape(item.Id), Markup.Escape(item.Image ?? ""));
        }

        console.Ansi.Write(table);
    }

    /// <summary>
    /// Ends an answer: the advice again when the streamed text was replaced (a language model that failed mid-way),
    /// what the catalog does not carry, where the advice came from, and suggestions.
    /// </summary>
    public static void WriteFooter(CliConsole console, FashionSearchResult result, string streamedAdvice)
    {
        if (!string.Equals(streamedAdvice.Trim(), result.Advice.Trim(), StringComparison.Ordinal))
        {
            console.Out.WriteLine("(the advice above was cut short; in full:)");
            console.Out.WriteLine(result.Advice);
        }

        if (result.Unmatched.Count > 0)
        {
            console.Out.WriteLine($"not in this catalog: {string.Join(", ", result.Unmatched)}");
        }

        console.Out.WriteLine($"(advice {Source(result.AdvisedBy)}{Reason(result.AdviceFallbackReason)}; {result.Timings.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms)");
        if (result.Suggestions.Count > 0)
        {
            console.Out.WriteLine($"try next: {string.Join(" | ", result.Suggestions.Select(s => $"\"{s}\""))}");
        }

        console.Out.WriteLine();
    }

    private static string Score(float score) => score.ToString("F3", CultureInfo.InvariantCulture);

    private static string Source(ResultSource source) => source == ResultSource.Llm ? "by the LLM" : "offline";

    private static string Reason(string? fallback) => fallback is null ? "" : $": LLM fallback, {fallback}";
}
