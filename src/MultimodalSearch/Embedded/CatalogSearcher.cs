using System.Numerics.Tensors;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Exact search over a snapshot: every live item of the selected categories is scored with
/// <see cref="CatalogQuery.Score(ReadOnlySpan{float}, int)"/> on its stored vectors, chunk by chunk, in parallel
/// on large catalogs, keeping the best in a heap.
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
        var units = new List<(CategoryPartition Partition, int Chunk)>();
        var slots = 0;
        foreach (var partition in SelectPartitions(snapshot, query.Categories))
        {
            slots += partition.SlotCount;
            for (var chunk = 0; chunk < partition.ChunkCount; chunk++)
            {
                units.Add((partition, chunk));
            }
        }

        var top = new TopHits(query.Top);
        if (slots < ParallelThresholdSlots || maxParallelism == 1)
        {
            var scratch = Scratch(snapshot);
            foreach (var (partition, chunk) in units)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ScanChunk(partition, chunk, query, snapshot.Dimensions, top, scratch);
            }

            return top.ToHits();
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken };
        Parallel.ForEach(
            units,
            options,
            () => (Top: new TopHits(query.Top), Scratch: Scratch(snapshot)),
            (unit, _, local) =>
            {
                ScanChunk(unit.Partition, unit.Chunk, query, snapshot.Dimensions, local.Top, local.Scratch);
                return local;
            },
            local =>
            {
                lock (top)
                {
                    top.Merge(local.Top);
                }
            });
        return top.ToHits();
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

    private static float[]? Scratch(CatalogSnapshot snapshot) =>
        snapshot.Precision == EmbeddedVectorPrecision.Float16 ? new float[snapshot.Dimensions * snapshot.QueryCount] : null;

    private static void ScanChunk(CategoryPartition partition, int chunk, CatalogQuery query, int dimensions, TopHits top, float[]? scratch)
    {
        var items = partition.Slots;
        var start = chunk << CategoryPartition.ChunkShift;
        var end = Math.Min(start + CategoryPartition.ChunkCapacity, items.Length);
        for (var slot = start; slot < end; slot++)
        {
            var item = items[slot];
            if (item is null)
            {
                continue;
            }

            float score;
            if (scratch is null)
            {
                score = query.Score(partition.GetSingle(slot), dimensions);
            }
            else
            {
                // Half to float is exact, so this is the exact score of the stored values.
                TensorPrimitives.ConvertToSingle(partition.GetHalf(slot), scratch);
                score = query.Score(scratch, dimensions);
            }

            top.Offer(item, score);
        }
    }
}
