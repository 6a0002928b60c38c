using System.Numerics.Tensors;
using MultimodalSearch;
using Npgsql;
using MultimodalSearch.Catalog.Providers;

namespace FashionSearch.Console.Bench;

/// <summary>Search latency, k = 10, one category filter, text and photo, per store, each against its in-run baseline.</summary>
internal static class SearchBench
{
    private const int FloorBlock = 1 << 20;

    /// <summary>
    /// The embedded store. Text search against the memory-bandwidth floor: summing, once, as many bytes as the
    /// search scans (every vector of the category, in the store's precision), in 4 MiB blocks over all cores.
    /// Photo search (32 times the arithmetic per byte, so bound by compute, not memory) against the exact scorer
    /// every store ends with, <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>, run on every item of the
    /// category in a plain loop on one thread.
    /// </summary>
    public static async Task<IReadOnlyList<BenchFigure>> RunEmbeddedAsync(ICatalogStore store, string storeName, int bytesPerValue, SearchWorkload workload, BenchSettings settings, CancellationToken cancellationToken)
    {
        var largest = workload.CategorySizes.Values.DefaultIfEmpty(0).Max() * (long)workload.VectorFloatsPerItem;
        var vectors = new float[largest];
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan()));
        TensorPrimitives.Abs(vectors, vectors);
        long Items(CatalogQuery query) => workload.CategorySizes[query.Categories!.First()];
        var what = $"{storeName}, {workload.Items} items, {bytesPerValue * 8}-bit vectors";
        var figures = new List<BenchFigure>();
        var (text, floor) = await Timer.MeasurePairAsync(
            run => store.SearchAsync(workload.Text[run % workload.Text.Count], cancellationToken),
            run =>
            {
                ReadOnce(vectors.AsMemory(0, (int)(Items(workload.Text[run % workload.Text.Count]) * workload.VectorFloatsPerItem * bytesPerValue / sizeof(float))));
                return Task.CompletedTask;
            },
            settings.Warmup,
            settings.TextSearchRuns,
            cancellationToken).ConfigureAwait(false);
        figures.Add(BenchFigure.Latency("search.embedded.text", $"text search, k=10, one category ({what})", text, "memory-bandwidth floor: one read of the bytes the search scans", floor));
        if (workload.Image.Count > 0)
        {
            var (photo, scorer) = await Timer.MeasurePairAsync(
                run => store.SearchAsync(workload.Image[run % workload.Image.Count], cancellationToken),
                run =>
                {
                    var query = workload.Image[run % workload.Image.Count];
                    ScoreEach(query, vectors.AsMemory(0, (int)(Items(query) * workload.VectorFloatsPerItem)), workload.VectorFloatsPerItem, query.Image!.Dimensions);
                    return Task.CompletedTask;
                },
                settings.Warmup,
                settings.ImageSearchRuns,
                cancellationToken).ConfigureAwait(false);
            figures.Add(BenchFigure.Latency("search.embedded.photo", $"photo search, k=10, one category ({what})", photo, "CatalogQuery.Score on every item of the category, one thread, no ranking", scorer));
        }

        return figures;
    }

    /// <summary>The Postgres store against the same statements, with the same parameters, sent directly with Npgsql (recorded from the store).</summary>
    public static async Task<IReadOnlyList<BenchFigure>> RunPostgresAsync(ICatalogStore store, NpgsqlStatementRecorder recorder, ICatalogStore recordedStore, NpgsqlDataSource raw, SearchWorkload workload, BenchSettings settings, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        foreach (var (kind, queries, runs) in Kinds(workload, settings))
        {
            // One warm-up search first, so that the store's one-time schema check is not in the recording.
            await recordedStore.SearchAsync(queries[0], cancellationToken).ConfigureAwait(false);
            var recorded = new RecordedStatements[queries.Count];
            for (var i = 0; i < queries.Count; i++)
            {
                var query = queries[i];
                recorded[i] = await recorder.RecordAsync(() => recordedStore.SearchAsync(query, cancellationToken)).ConfigureAwait(false);
                if (recorded[i].Count == 0)
                {
                    throw new InvalidOperationException("No SQL was recorded for a Postgres search: Npgsql's tracing hooks did not fire.");
                }
            }

            var (ours, baseline) = await Timer.MeasurePairAsync(
                run => store.SearchAsync(queries[run % queries.Count], cancellationToken),
                run => recorded[run % queries.Count].ReplayAsync(raw, cancellationToken),
                settings.Warmup,
                runs,
                cancellationToken).ConfigureAwait(false);
            figures.Add(BenchFigure.Latency($"search.postgres.{kind}", $"{kind} search, k=10, one category (Postgres + pgvector, {workload.Items} items)", ours, "the store's SQL and parameters sent directly with Npgsql", baseline));
        }

        return figures;
    }

    public static IReadOnlyList<BenchFigure> SkippedPostgres(string reason) =>
        [.. new[] { "text", "photo" }.Select(kind => BenchFigure.Skipped($"search.postgres.{kind}", $"{kind} search, k=10, one category (Postgres + pgvector)", "ms", reason))];

    private static IEnumerable<(string Kind, IReadOnlyList<CatalogQuery> Queries, int Runs)> Kinds(SearchWorkload workload, BenchSettings settings)
    {
        yield return ("text", workload.Text, settings.TextSearchRuns);
        if (workload.Image.Count > 0)
        {
            yield return ("photo", workload.Image, settings.ImageSearchRuns);
        }
    }

    private static float ScoreEach(CatalogQuery query, ReadOnlyMemory<float> items, int floatsPerItem, int dimensions)
    {
        var best = float.NegativeInfinity;
        for (var offset = 0; offset < items.Length; offset += floatsPerItem)
        {
            best = MathF.Max(best, CatalogScoring.Score(query, items.Span.Slice(offset, floatsPerItem), dimensions));
        }

        return best;
    }

    private static float ReadOnce(ReadOnlyMemory<float> data)
    {
        var blocks = (data.Length + FloorBlock - 1) / FloorBlock;
        if (blocks <= 1)
        {
            return TensorPrimitives.Sum(data.Span);
        }

        var sums = new float[blocks];
        Parallel.For(0, blocks, b => sums[b] = TensorPrimitives.Sum(data.Span.Slice(b * FloorBlock, Math.Min(FloorBlock, data.Length - (b * FloorBlock)))));
        return TensorPrimitives.Sum(sums);
    }
}
