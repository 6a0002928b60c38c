using System.Numerics.Tensors;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Exact search over a snapshot. Every live item of the selected categories is scanned, chunk by chunk,
/// in parallel on large catalogs. Final scores always come from <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>
/// on the stored values. Text-only queries first scan with <see cref="TextScanKernel"/> (one pass over the
/// vectors, float16 converted in registers), then re-score exactly every item whose scan score is within
/// twice the kernel's error bound of the k-th best: no item of the exact top k can be left out.
/// </summary>
internal static class CatalogSearcher
{
    // Below this many slots, starting threads costs more than the scan.
    private const int ParallelThresholdSlots = 2 * CategoryPartition.ChunkCapacity;

    /// <summary>Runs <paramref name="query"/> on <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="query">The query, already validated.</param>
    /// <param name="maxParallelism">The most threads to use.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The best hits, best first, ties by id.</returns>
    public static IReadOnlyList<CatalogHit> Search(CatalogSnapshot snapshot, CatalogQuery query, int maxParallelism, CancellationToken cancellationToken)
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

        var parallelism = slots < ParallelThresholdSlots ? 1 : maxParallelism;
        return CatalogScoring.ImageWeight(query) == 0 && TextScanKernel.Supports(snapshot.Dimensions)
            ? SearchText(snapshot, query, units, parallelism, cancellationToken)
            : SearchExact(snapshot, query, units, parallelism, cancellationToken);
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

    private static IReadOnlyList<CatalogHit> SearchText(CatalogSnapshot snapshot, CatalogQuery query, List<ScanUnit> units, int parallelism, CancellationToken cancellationToken)
    {
        var text = query.Text!.Vector.ToArray();
        var dimensions = snapshot.Dimensions;
        var scanned = new float[units.Count][];
        var best = new TopHits(query.Top);
        ForEachUnit(units, parallelism, () => new Scanner(snapshot, query), (unit, scanner) =>
        {
            var scores = new float[unit.End - unit.Start];
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                var item = unit.Partition.Slots[slot];
                if (item is null)
                {
                    scores[slot - unit.Start] = float.NegativeInfinity;
                    continue;
                }

                var score = unit.Partition.Precision == EmbeddedVectorPrecision.Float16
                    ? TextScanKernel.MaxDot(text, unit.Partition.GetHalf(slot), dimensions)
                    : TextScanKernel.MaxDot(text, unit.Partition.GetSingle(slot), dimensions);
                scores[slot - unit.Start] = score;
                scanner.Top.Offer(item, score);
            }

            scanned[unit.Index] = scores;
        }, scanner => best.Merge(scanner.Top), cancellationToken);

        // Every item of the exact top k scans at least (k-th best scan) - 2 * bound.
        var maxRowNorm = units.Count == 0 ? 0 : units.Max(unit => unit.Partition.MaxRowNorm);
        var cutoff = best.Threshold - (2 * TextScanKernel.ErrorBound(TensorPrimitives.Norm(text), maxRowNorm, dimensions));
        var top = new TopHits(query.Top);
        var exact = new Scanner(snapshot, query);
        for (var u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            for (var slot = unit.Start; slot < unit.End; slot++)
            {
                if (scanned[u][slot - unit.Start] >= cutoff && unit.Partition.Slots[slot] is { } item)
                {
                    top.Offer(item, exact.ExactScore(unit.Partition, slot));
                }
            }
        }

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

    /// <summary>One thread's state: its best hits and a buffer for converting float16 items.</summary>
    private sealed class Scanner(CatalogSnapshot snapshot, CatalogQuery query)
    {
        private readonly float[]? _scratch = snapshot.Precision == EmbeddedVectorPrecision.Float16 ? new float[snapshot.Dimensions * snapshot.QueryCount] : null;

        public TopHits Top { get; } = new(query.Top);

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
