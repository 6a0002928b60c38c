using System.Globalization;
using MultimodalSearch.Evaluation;
using Spectre.Console;

namespace FashionSearch.Console.Eval;

/// <summary>Shows an evaluation report as a table (people) or as the <c>eval --json</c> document.</summary>
internal static class EvaluationView
{
    public static string Name(QueryKind kind) => kind switch
    {
        QueryKind.Text => "text",
        QueryKind.Photo => "photo",
        _ => "photo+text",
    };

    public static object ToJson(EvaluationReport report, string store, string querySet, bool perQuery) => new
    {
        store,
        querySet,
        catalogItems = report.CatalogItems,
        k = report.K,
        depth = report.Depth,
        results = report.Summaries.Select(s => new { queryType = Name(s.Kind), scoring = s.Scoring, queries = s.Queries, metrics = Metrics(s.Metrics), idealPrecisionAtK = s.IdealPrecision }),
        text = TextComparison(report),
        queries = perQuery
            ? report.Queries.Select(q => new { id = q.QueryId, queryType = Name(q.Kind), scoring = q.Scoring, top = q.TopIds, metrics = Metrics(q.Metrics) })
            : null,
    };

    /// <summary>The metrics of a query, or their means over queries (then <c>mrr</c> is the mean reciprocal rank).</summary>
    private static object Metrics(QueryMetrics m) => new { precisionAtK = m.Precision, recallAtK = m.Recall, ndcgAtK = m.Ndcg, mrr = m.ReciprocalRank };

    public static void WriteTable(IAnsiConsole console, EvaluationReport report, string store, string querySet)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        var table = new Table()
            .Title($"Search quality: {Markup.Escape(querySet)} on {report.CatalogItems} items in {Markup.Escape(store)}")
            .AddColumns("queries", "scoring", "n", $"P@{k}", "ideal P", $"R@{k}", $"nDCG@{k}", $"MRR@{report.Depth}");
        foreach (var s in report.Summaries)
        {
            table.AddRow(Name(s.Kind), Markup.Escape(s.Scoring), s.Queries.ToString(CultureInfo.InvariantCulture), F(s.Metrics.Precision), F(s.IdealPrecision), F(s.Metrics.Recall), F(s.Metrics.Ndcg), F(s.Metrics.ReciprocalRank));
        }

        console.Write(table);
        if (TextComparison(report) is { } text)
        {
            console.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"Text precision@{k}: {text.DefaultScoring} (the default) {text.DefaultPrecisionAtK:F3} vs mean-pooled {text.MeanPrecisionAtK:F3} ({text.DefaultMinusMean:+0.000;-0.000} absolute, x{text.DefaultOverMean:F2}); best: {text.BestScoring}.")));
        }
    }

    /// <summary>The acceptance figure: text precision@k of the default scoring (max over query vectors) against the mean-pooled vector.</summary>
    private static TextSummary? TextComparison(EvaluationReport report)
    {
        var max = report.Find(QueryKind.Text, ScoringMode.Max.Name);
        var mean = report.Find(QueryKind.Text, ScoringMode.Mean.Name);
        if (max is null || mean is null)
        {
            return null;
        }

        var best = report.Best(QueryKind.Text)!;
        var p = max.Metrics.Precision;
        var m = mean.Metrics.Precision;
        return new TextSummary(max.Scoring, best.Scoring, p, m, p - m, m > 0 ? p / m : null);
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private sealed record TextSummary(string DefaultScoring, string BestScoring, double DefaultPrecisionAtK, double MeanPrecisionAtK, double DefaultMinusMean, double? DefaultOverMean);
}
