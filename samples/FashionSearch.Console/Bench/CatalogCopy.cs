using MultimodalSearch;

namespace FashionSearch.Console.Bench;

/// <summary>Copies every item of one store into another, so that both stores are timed on the same catalog without embedding it twice.</summary>
internal static class CatalogCopy
{
    private const int Batch = 64;

    public static async Task<long> CopyAsync(ICatalogStore from, ICatalogStore to, CancellationToken cancellationToken)
    {
        var ids = (await from.GetContentHashesAsync(cancellationToken).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal).ToArray();
        for (var start = 0; start < ids.Length; start += Batch)
        {
            var items = new List<CatalogItem>(Batch);
            foreach (var id in ids.Skip(start).Take(Batch))
            {
                if (await from.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } item)
                {
                    items.Add(item);
                }
            }

            await to.UpsertAsync(items, cancellationToken).ConfigureAwait(false);
        }

        return ids.Length;
    }
}
