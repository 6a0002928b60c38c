using System.Globalization;

namespace MultimodalSearch.Testing.Catalog;

/// <summary>
/// A deterministic sequence of commits for crash tests: commit <c>k</c> (from 1) is either an upsert of
/// <see cref="ItemsPerUpsert"/> items plus a marker item recording <c>k</c>, or (every
/// <see cref="DeleteEvery"/>th commit) a delete of some ids. The state after any commit can be recomputed,
/// so a reloaded store can be checked to be exactly the state after one commit.
/// </summary>
public static class CrashWorkload
{
    /// <summary>The id of the item whose metadata records the last upsert commit.</summary>
    public const string MarkerId = "marker";

    /// <summary>How many distinct item ids the workload cycles through.</summary>
    public const int IdPool = 100;

    /// <summary>How many items each upsert commit writes, besides the marker.</summary>
    public const int ItemsPerUpsert = 24;

    /// <summary>Every this-many commits is a delete.</summary>
    public const int DeleteEvery = 5;

    /// <summary>The vector width (smaller than BLIP-2's so that many commits fit in a short test).</summary>
    public const int Dimensions = 64;

    /// <summary>The query vectors per item.</summary>
    public const int QueryCount = 32;

    /// <summary>Gets whether commit <paramref name="commit"/> is a delete.</summary>
    /// <param name="commit">The commit number, from 1.</param>
    /// <returns>True for a delete.</returns>
    public static bool IsDelete(int commit) => commit % DeleteEvery == 0;

    /// <summary>Gets the items that upsert commit <paramref name="commit"/> writes, the marker included.</summary>
    /// <param name="commit">The commit number.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<CatalogItem> Upserts(int commit)
    {
        var items = new List<CatalogItem>(ItemsPerUpsert + 1) { Item(MarkerId, commit) };
        for (var t = 0; t < ItemsPerUpsert; t++)
        {
            items.Add(Item(ItemId(((commit * 37) + (t * 3)) % IdPool), commit));
        }

        return items;
    }

    /// <summary>Gets the ids that delete commit <paramref name="commit"/> removes.</summary>
    /// <param name="commit">The commit number.</param>
    /// <returns>The ids.</returns>
    public static IReadOnlyList<string> Deletes(int commit) =>
        [.. Enumerable.Range(0, 10).Select(t => ItemId(((commit * 11) + (t * 7)) % IdPool))];

    /// <summary>Computes the state after commit <paramref name="commit"/>: for each id, the commit that last wrote it.</summary>
    /// <param name="commit">The commit number; 0 is the empty catalog.</param>
    /// <returns>The state.</returns>
    public static IReadOnlyDictionary<string, int> StateAfter(int commit)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 1; k <= commit; k++)
        {
            if (IsDelete(k))
            {
                foreach (var id in Deletes(k))
                {
                    state.Remove(id);
                }
            }
            else
            {
                foreach (var item in Upserts(k))
                {
                    state[item.Id] = k;
                }
            }
        }

        return state;
    }

    /// <summary>
    /// Works out which commit the store holds, checking every item's fields and vectors against it.
    /// </summary>
    /// <param name="store">The reloaded store.</param>
    /// <param name="tolerance">How far a stored vector value may be from the one written.</param>
    /// <returns>The commit number the store is exactly at.</returns>
    /// <exception cref="InvalidOperationException">The store is not exactly the state after any single commit.</exception>
    public static async Task<int> IdentifyCommitAsync(ICatalogStore store, float tolerance)
    {
        ArgumentNullException.ThrowIfNull(store);
        var marker = await store.GetAsync(MarkerId).ConfigureAwait(false);
        var lastUpsert = marker is null ? 0 : int.Parse(marker.Metadata["commit"], CultureInfo.InvariantCulture);
        var problems = new List<string>();
        foreach (var candidate in (int[])[lastUpsert, lastUpsert + 1])
        {
            if (candidate != lastUpsert && !IsDelete(candidate))
            {
                continue;
            }

            var problem = await CompareAsync(store, StateAfter(candidate), tolerance).ConfigureAwait(false);
            if (problem is null)
            {
                return candidate;
            }

            problems.Add($"not the state after commit {candidate}: {problem}");
        }

        throw new InvalidOperationException("The store is inconsistent: " + string.Join("; ", problems));
    }

    private static async Task<string?> CompareAsync(ICatalogStore store, IReadOnlyDictionary<string, int> expected, float tolerance)
    {
        var count = await store.CountAsync().ConfigureAwait(false);
        if (count != expected.Count)
        {
            return $"{count} items instead of {expected.Count}";
        }

        foreach (var (id, commit) in expected)
        {
            var item = await store.GetAsync(id).ConfigureAwait(false);
            if (item is null)
            {
                return $"'{id}' is missing";
            }

            var want = Item(id, commit);
            if (item.Metadata["commit"] != want.Metadata["commit"] || item.Category != want.Category || item.ContentHash != want.ContentHash)
            {
                return $"'{id}' is from commit {item.Metadata["commit"]}, expected {commit}";
            }

            var a = want.Embedding.Vectors.Span;
            var b = item.Embedding.Vectors.Span;
            for (var i = 0; i < a.Length; i++)
            {
                if (Math.Abs(a[i] - b[i]) > tolerance)
                {
                    return $"'{id}' has vector value {i} = {b[i]}, expected {a[i]}";
                }
            }
        }

        return null;
    }

    private static string ItemId(int index) => "item-" + index.ToString("D3", CultureInfo.InvariantCulture);

    private static CatalogItem Item(string id, int commit)
    {
        // string.GetHashCode differs between processes; the writer and the checker are different processes.
        var idHash = id.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        var seed = unchecked((idHash * 7919) + commit);
        var category = "category-" + ((uint)(idHash + commit) % 4).ToString(CultureInfo.InvariantCulture);
        return CatalogItems.Create(id, category, seed, Dimensions, QueryCount) with
        {
            Metadata = new Dictionary<string, string> { ["commit"] = commit.ToString(CultureInfo.InvariantCulture) },
        };
    }
}
