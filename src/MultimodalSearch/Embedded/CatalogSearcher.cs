using System.Numerics.Tensors;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Exact search over a snapshot. Every live item of the selected categories is scanned, chunk by chunk,
/// in parallel on large catalogs. Final scores always come from <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>
/// on the stored values. Text, photo and fused queries first scan with <see cref="QueryScan"/> (SIMD kernels whose sums
/// run in another order), then re-score exactly every item whose scan score is within twice the scan's error bound E
/// of the k-th best scan score: no item of the exact top k can be left out. Photo and fused queries on a snapshot with
/// an int8 copy scan it first (<see cref="QuantizedScanKernel"/>, a per-item bound), and only the items its cut keeps go
/// on to that float scan (see SearchQuantized and Refine).
/// </summary>
/// <remarks>
/// Proof. Let s(x) be the scan score and e(x) the exact score of item x, with |s(x) - e(x)| &lt;= E for every x, and let
/// T be the k-th best scan score. The k items with the best scan scores all have e &gt;= T - E, so the k-th best exact
/// score is at least T - E, and any item x of the exact top k (ties included) has e(x) &gt;= T - E, so
/// s(x) &gt;= e(x) - E &gt;= T - 2E: it is among the items re-scored, and the exact top k of those is the exact top k of all.
/// Queries no kernel covers (<see cref="ImageSimilarity.MeanPooledCosine"/>, widths not a multiple of 16, no SIMD)
/// are scored exactly, item by item (<see cref="SearchExhaustively"/>).
/// </remarks>
internal static class CatalogSearcher
{
    // Below this many slots, starting threads costs more than the scan.
    private const int ParallelThresholdSlots = 2 * CategoryPartition.ChunkCapacity;

    // The int8 candidates float-scanned first to raise the int8 cut: 4 k, at least 64 (see Refine).
    private const int RefineProbeFactor = 4;
    private const int RefineProbeMinimum = 64;

    /// <summary>Runs <paramref name="query"/> on <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="query">The query, already validated.</param>
    /// <param name="settings">The threads to use and how to use the int8 copy.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <param name="statistics">Receives how many items each pass scored, or null.</param>
    /// <returns>The best hits, best first, ties by id.</returns>
    public static IReadOnlyList<CatalogHit> Search(CatalogSnapshot snapshot, CatalogQuery query, SearchSettings settings, CancellationToken cancellationToken, SearchStatistics? statistics = null)
    {
        var (units, parallelism) = Plan(snapshot, query, settings.MaxParallelism);
        var scan = QueryScan.For(snapshot, query, settings);
        if (scan is null)
        {
            return SearchExact(snapshot, query, units, parallelism, cancellationToken);
        }

        if (!scan.Quantized)
        {
            return SearchScanned(snapshot, query, scan, units, parallelism, candidate: null, statistics, cancellationToken);
        }

        return settings.RescoreFactor > 0
            ? SearchApproximately(snapshot, query, scan, units, parallelism, settings.RescoreFactor, statistics, cancellationToken)
            : SearchQuantized(snapshot, query, scan, units, parallelism, statistics, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="query"/> by scoring every item with <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>:
    /// the reference that <see cref="Search"/> must equal, and the algorithm the store used for photo queries before the scan kernels.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="query">The query, already validated.</param>
    /// <param name="maxParallelism">The most threads to use.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The best hits, best first, ties by id.</returns>
    public static IReadOnlyList<CatalogHit> SearchExhaustively(CatalogSnapshot snapshot, CatalogQuery query, int maxParallelism, CancellationToken cancellationToken)
    {
        var (units, parallelism) = Plan(snapshot, query, maxParallelism);
        return SearchExact(snapshot, query, units, parallelism, cancellationToken);
    }

    private static (List<ScanUnit> Units, int Parallelism) Plan(CatalogSnapshot snapshot, CatalogQuery query, int maxParallelism)
    {
        var units = new List<ScanUnit>();
        var slots = 0;
        foreach (var partition in SelectPartitions(snapshot, query.Categories))
        {
            for (var chunk = 0; chunk < partition.ChunkCount; chunk++)
            {
                var start = chunk << CategoryPartition.ChunkShift;
                units.Add(new ScanUnit(partition, start, Math.Min(start + CategoryPartition.ChunkCapacity, partition.SlotCount), units.Count));
            }

            slots += partition.SlotCount;
        }

        return (units, slots < ParallelThresholdSlots ? 1 : maxParallelism);
    }

    private static IReadOnlyList<CatalogHit> SearchExact(CatalogSnapshot snapshot, CatalogQuery query, List<ScanUnit> units, int parallelism, CancellationToken cancellationToken)
    {
        var top = new TopHits(query.Top);
        ForEachUnit(units, parallelism, () => new Scanner(snapshot, query), (unit, scanner) =>
        {
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                if (unit.Partition.Slots[slot] is { } item)
                {
                    scanner.Top.Offer(item, scanner.ExactScore(unit.Partition, slot));
                }
            }
        }, scanner => top.Merge(scanner.Top), cancellationToken);
        return top.ToHits();
    }

    // The int8 pass of an exact search: every item's scan score s and bound E give the interval [s - M, s + M] of its
    // exact score, M = Margin(s, E) (the subtraction and addition round by at most u (|s| + M), which M's slack over E
    // covers). The k-th best lower end L is at most the k-th best exact score (k items score at least L), so every item
    // of the exact top k (ties included) has an upper end of at least L: those items go on to the float scan and its
    // cut (the class's proof), which re-scores exactly.
    private static IReadOnlyList<CatalogHit> SearchQuantized(CatalogSnapshot snapshot, CatalogQuery query, QueryScan scan, List<ScanUnit> units, int parallelism, SearchStatistics? statistics, CancellationToken cancellationToken)
    {
        var upper = new float[units.Count][];
        var lowest = new TopHits(query.Top);
        var scanned = 0;
        ForEachUnit(units, parallelism, () => new Scanner(snapshot, query, scan), (unit, scanner) =>
        {
            var ends = new float[unit.End - unit.Start];
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                var item = unit.Partition.Slots[slot];
                if (item is null)
                {
                    ends[slot - unit.Start] = float.NegativeInfinity;
                    continue;
                }

                var score = scan.ScoreQuantized(unit.Partition, slot, scanner.Buffers!, out var bound);
                var margin = Margin(score, bound);
                ends[slot - unit.Start] = score + margin;
                scanner.Top.Offer(item, score - margin);
            }

            upper[unit.Index] = ends;
            Interlocked.Add(ref scanned, unit.End - unit.Start);
        }, scanner => lowest.Merge(scanner.Top), cancellationToken);

        statistics?.QuantizedScanned = scanned;
        var cutoff = Refine(snapshot, query, scan, units, upper, lowest.Threshold);
        return SearchScanned(snapshot, query, scan, units, parallelism, (unit, offset) => upper[unit][offset] >= cutoff, statistics, cancellationToken);
    }

    // Raises the int8 cut: the float scan of the candidates with the highest upper ends (a few times k) gives lower
    // ends s - Margin(s, E) much closer to the exact scores (E the float scan's bound); their k-th
    // best L' is again at most the k-th best exact score, so an item whose upper end is below L' scores strictly less
    // than k others and cannot be in the exact top k. The search goes on with the larger of the two cuts.
    private static float Refine(CatalogSnapshot snapshot, CatalogQuery query, QueryScan scan, List<ScanUnit> units, float[][] upper, float cutoff)
    {
        var candidates = new List<(float Upper, int Unit, int Offset)>();
        for (var u = 0; u < units.Count; u++)
        {
            for (var offset = 0; offset < upper[u].Length; offset++)
            {
                if (upper[u][offset] >= cutoff)
                {
                    candidates.Add((upper[u][offset], u, offset));
                }
            }
        }

        var probe = Math.Max(RefineProbeMinimum, RefineProbeFactor * query.Top);
        if (candidates.Count <= probe)
        {
            return cutoff;
        }

        candidates.Sort(static (a, b) => b.Upper.CompareTo(a.Upper));
        var lowest = new TopHits(query.Top);
        var scanner = new Scanner(snapshot, query, scan);
        foreach (var (_, u, offset) in candidates.Take(probe))
        {
            var unit = units[u];
            var slot = unit.Start + offset;
            var score = scan.Score(unit.Partition, slot, scanner.Buffers!);
            lowest.Offer(unit.Partition.Slots[slot]!, score - Margin(score, scan.ErrorBound(unit.Partition.MaxRowNorm)));
        }

        return MathF.Max(cutoff, lowest.Threshold);
    }

    // A bound E widened so that s - M and s + M, rounded, still enclose [s - E, s + E]: their rounding, at most
    // u (|s| + M) with u = 2^-24, is below M - E = 0.01 E + 1.01 * 2^-22 |s| (the 0.01 E covers u M and M's own rounding).
    private static float Margin(float score, float bound) => 1.01f * (bound + (MathF.Abs(score) * (1f / (1 << 22))));

    // The approximate int8 search: the factor x k best int8 scores, re-scored exactly (no bound involved).
    private static IReadOnlyList<CatalogHit> SearchApproximately(CatalogSnapshot snapshot, CatalogQuery query, QueryScan scan, List<ScanUnit> units, int parallelism, int factor, SearchStatistics? statistics, CancellationToken cancellationToken)
    {
        var capacity = (int)Math.Min((long)factor * query.Top, Math.Max(1, units.Sum(unit => unit.End - unit.Start)));
        var best = new TopHits(capacity);
        var scanned = 0;
        ForEachUnit(units, parallelism, () => new Scanner(snapshot, query, scan, capacity), (unit, scanner) =>
        {
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                if (unit.Partition.Slots[slot] is { } item)
                {
                    scanner.Top.Offer(item, scan.ScoreQuantized(unit.Partition, slot, scanner.Buffers!, out _));
                }
            }

            Interlocked.Add(ref scanned, unit.End - unit.Start);
        }, scanner => best.Merge(scanner.Top), cancellationToken);

        var top = new TopHits(query.Top);
        var exact = new Scanner(snapshot, query, scan: null);
        var rescored = 0;
        foreach (var item in best.Items())
        {
            top.Offer(item, exact.ExactScore(snapshot.Partitions[item.Category], item.Slot));
            rescored++;
        }

        statistics?.QuantizedScanned = scanned;
        statistics?.Rescored = rescored;
        return top.ToHits();
    }

    private static IReadOnlyList<CatalogHit> SearchScanned(CatalogSnapshot snapshot, CatalogQuery query, QueryScan scan, List<ScanUnit> units, int parallelism, Func<int, int, bool>? candidate, SearchStatistics? statistics, CancellationToken cancellationToken)
    {
        var scanned = new float[units.Count][];
        var best = new TopHits(query.Top);
        ForEachUnit(units, parallelism, () => new Scanner(snapshot, query, scan), (unit, scanner) =>
        {
            var scores = new float[unit.End - unit.Start];
            var count = 0;
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                var item = unit.Partition.Slots[slot];
                if (item is null || (candidate is not null && !candidate(unit.Index, slot - unit.Start)))
                {
                    scores[slot - unit.Start] = float.NegativeInfinity;
                    continue;
                }

                var score = scan.Score(unit.Partition, slot, scanner.Buffers!);
                scores[slot - unit.Start] = score;
                scanner.Top.Offer(item, score);
                count++;
            }

            scanned[unit.Index] = scores;
            statistics?.AddFloatScanned(count);
        }, scanner => best.Merge(scanner.Top), cancellationToken);

        // Every item of the exact top k scans at least (k-th best scan) - 2 * bound (see the proof above).
        var bound = units.Count == 0 ? 0 : units.Max(unit => scan.ErrorBound(unit.Partition.MaxRowNorm));
        var cutoff = best.Threshold - (2 * bound);
        var top = new TopHits(query.Top);
        var exact = new Scanner(snapshot, query, scan: null);
        var rescored = 0;
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                if (scanned[u][slot - unit.Start] >= cutoff && unit.Partition.Slots[slot] is { } item)
                {
                    top.Offer(item, exact.ExactScore(unit.Partition, slot));
                    rescored++;
                }
            }
        }

        statistics?.Rescored = rescored;
        return top.ToHits();
    }

    private static void ForEachUnit(List<ScanUnit> units, int parallelism, Func<Scanner> create, Action<ScanUnit, Scanner> scan, Action<Scanner> finish, CancellationToken cancellationToken)
    {
        if (parallelism == 1)
        {
            var scanner = create();
            foreach (var unit in units)
            {
                cancellationToken.ThrowIfCancellationRequested();
                scan(unit, scanner);
            }

            finish(scanner);
            return;
        }

        var gate = new Lock();
        Parallel.ForEach(
            units,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            create,
            (unit, _, scanner) =>
            {
                scan(unit, scanner);
                return scanner;
            },
            scanner =>
            {
                lock (gate)
                {
                    finish(scanner);
                }
            });
    }

    private static IEnumerable<CategoryPartition> SelectPartitions(CatalogSnapshot snapshot, IReadOnlyCollection<string>? categories)
    {
        if (categories is null || categories.Count == 0)
        {
            return snapshot.Partitions.Values;
        }

        // An unknown category matches nothing: a filter narrows the result, it does not fail it.
        var selected = new List<CategoryPartition>();
        foreach (var category in new HashSet<string>(categories, StringComparer.Ordinal))
        {
            if (snapshot.Partitions.TryGetValue(category, out var partition))
            {
                selected.Add(partition);
            }
        }

        return selected;
    }

    /// <summary>A run of slots of one partition (one chunk), the unit of parallel work, and its place in the list of units.</summary>
    private sealed record ScanUnit(CategoryPartition Partition, int Start, int End, int Index);

    /// <summary>One thread's state: its best hits (k, or the capacity given), a buffer for converting float16 items, and the scan's buffers.</summary>
    private sealed class Scanner(CatalogSnapshot snapshot, CatalogQuery query, QueryScan? scan = null, int? capacity = null)
    {
        private readonly float[]? _scratch = snapshot.Precision == EmbeddedVectorPrecision.Float16 ? new float[snapshot.Dimensions * snapshot.QueryCount] : null;

        public TopHits Top { get; } = new(capacity ?? query.Top);

        public QueryScan.Buffers? Buffers { get; } = scan?.CreateBuffers(snapshot);

        public float ExactScore(CategoryPartition partition, int slot)
        {
            if (_scratch is null)
            {
                return CatalogScoring.Score(query, partition.GetSingle(slot), snapshot.Dimensions);
            }

            // Half to float is exact, so this is the exact score of the stored values.
            TensorPrimitives.ConvertToSingle(partition.GetHalf(slot), _scratch);
            return CatalogScoring.Score(query, _scratch, snapshot.Dimensions);
        }
    }
}
