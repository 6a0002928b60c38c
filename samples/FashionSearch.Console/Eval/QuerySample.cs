using MultimodalSearch.Evaluation;

namespace FashionSearch.Console.Eval;

/// <summary>Thins a query set for a quicker run: at most N queries of each kind, evenly spaced, so that the mix within a kind is kept.</summary>
internal static class QuerySample
{
    public static IReadOnlyList<JudgedQuery> Take(IReadOnlyList<JudgedQuery> queries, int perKind)
    {
        var sample = new List<JudgedQuery>();
        foreach (var kind in queries.GroupBy(q => q.Kind))
        {
            var all = kind.ToList();
            var count = Math.Min(perKind, all.Count);
            for (var i = 0; i < count; i++)
            {
                sample.Add(all[(int)((long)i * all.Count / count)]);
            }
        }

        return sample;
    }
}
