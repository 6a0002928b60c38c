using System.Collections.Concurrent;
using System.Diagnostics;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>Records the <c>multimodal_search.search.path</c> tag of the searches of one catalog, from the store's traces.</summary>
public sealed class SearchPathRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _paths = new();

    /// <summary>Starts recording the searches of <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    public SearchPathRecorder(PgVectorCatalogStore store)
    {
        var catalog = store.Schema + "." + store.Collection;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MultimodalSearch.Postgres",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "catalog.search" && Equals(activity.GetTagItem("multimodal_search.catalog"), catalog))
                {
                    _paths.Enqueue(activity.GetTagItem("multimodal_search.search.path") as string ?? "(none)");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets the paths recorded so far, in order.</summary>
    public IReadOnlyList<string> Paths => [.. _paths];

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
