using System.Collections.Concurrent;
using System.Diagnostics;
using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// Records the <c>multimodal_search.search.path</c> (and <c>rescore_rounds</c>) tags of the searches of one catalog store or one VectorData
/// collection, from their traces.
/// </summary>
public sealed class SearchPathRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _paths = new();
    private readonly ConcurrentQueue<int> _ports = new();
    private readonly ConcurrentQueue<int?> _rescoreRounds = new();

    /// <summary>Starts recording the searches of <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    public SearchPathRecorder(PgVectorCatalogStore store)
        : this("catalog.search", "multimodal_search.catalog", store.Schema + "." + store.Collection)
    {
    }

    private SearchPathRecorder(string operation, string tag, string value)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MultimodalSearch.Postgres",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == operation && Equals(activity.GetTagItem(tag), value))
                {
                    _paths.Enqueue(activity.GetTagItem("multimodal_search.search.path") as string ?? "(none)");
                    _ports.Enqueue(activity.GetTagItem("server.port") as int? ?? 0);
                    _rescoreRounds.Enqueue(activity.GetTagItem("multimodal_search.search.rescore_rounds") as int?);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets the server ports that answered the searches recorded so far, in order.</summary>
    public IReadOnlyList<int> Ports => [.. _ports];

    /// <summary>Gets the <c>multimodal_search.search.rescore_rounds</c> tag of the searches recorded so far, in order (null where absent).</summary>
    public IReadOnlyList<int?> RescoreRounds => [.. _rescoreRounds];

    /// <summary>Gets the paths recorded so far, in order.</summary>
    public IReadOnlyList<string> Paths => [.. _paths];

    /// <summary>Starts recording the searches of the VectorData collection named <paramref name="collection"/>.</summary>
    /// <param name="collection">The collection's name.</param>
    /// <returns>The recorder.</returns>
    public static SearchPathRecorder ForCollection(string collection) => new("vectorstore.Search", "db.collection.name", collection);

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
