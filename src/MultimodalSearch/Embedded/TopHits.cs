namespace MultimodalSearch.Embedded;

/// <summary>
/// Keeps the <c>k</c> best (score, item) pairs seen, in a heap whose root is the worst kept: higher
/// scores win, and equal scores go to the ordinally smaller id, so the result does not depend on scan order.
/// </summary>
internal sealed class TopHits
{
    private readonly (float Score, StoredItem Item)[] _heap;
    private int _count;

    /// <summary>Creates a collector of the <paramref name="capacity"/> best.</summary>
    /// <param name="capacity">How many to keep.</param>
    public TopHits(int capacity)
    {
        _heap = new (float, StoredItem)[capacity];
    }

    /// <summary>Gets the lowest score kept once full; negative infinity until then.</summary>
    public float Threshold => _count < _heap.Length ? float.NegativeInfinity : _heap[0].Score;

    /// <summary>Offers a candidate.</summary>
    /// <param name="item">The item.</param>
    /// <param name="score">Its score.</param>
    public void Offer(StoredItem item, float score)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = (score, item);
            SiftUp(_count++);
        }
        else if (IsBetter(score, item, _heap[0].Score, _heap[0].Item))
        {
            _heap[0] = (score, item);
            SiftDown(0);
        }
    }

    /// <summary>Offers every candidate kept by <paramref name="other"/>.</summary>
    /// <param name="other">Another collector.</param>
    public void Merge(TopHits other)
    {
        for (var i = 0; i < other._count; i++)
        {
            Offer(other._heap[i].Item, other._heap[i].Score);
        }
    }

    /// <summary>Gets the items kept, in no order.</summary>
    /// <returns>The items.</returns>
    public IEnumerable<StoredItem> Items()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _heap[i].Item;
        }
    }

    /// <summary>Returns the hits kept, best first.</summary>
    /// <returns>The hits.</returns>
    public IReadOnlyList<CatalogHit> ToHits()
    {
        var kept = _heap[.._count];
        Array.Sort(kept, static (a, b) => IsBetter(a.Score, a.Item, b.Score, b.Item) ? -1 : IsBetter(b.Score, b.Item, a.Score, a.Item) ? 1 : 0);
        return Array.ConvertAll(kept, static hit => hit.Item.ToHit(hit.Score));
    }

    private static bool IsBetter(float score, StoredItem item, float otherScore, StoredItem otherItem) =>
        score > otherScore || (score == otherScore && string.CompareOrdinal(item.Id, otherItem.Id) < 0);

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsBetter(_heap[parent].Score, _heap[parent].Item, _heap[index].Score, _heap[index].Item))
            {
                return;
            }

            (_heap[parent], _heap[index]) = (_heap[index], _heap[parent]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            foreach (var child in (ReadOnlySpan<int>)[(2 * index) + 1, (2 * index) + 2])
            {
                if (child < _count && IsBetter(_heap[worst].Score, _heap[worst].Item, _heap[child].Score, _heap[child].Item))
                {
                    worst = child;
                }
            }

            if (worst == index)
            {
                return;
            }

            (_heap[worst], _heap[index]) = (_heap[index], _heap[worst]);
            index = worst;
        }
    }
}
