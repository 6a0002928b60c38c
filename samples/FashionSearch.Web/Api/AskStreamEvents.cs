using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>
/// Maps the workflow's streamed updates to Server-Sent Events: <c>classification</c>, <c>items</c>, <c>advice</c>
/// (one text delta each), <c>done</c> (the full answer, whose advice is authoritative) and, when the request fails after
/// the stream has begun, <c>error</c> (problem details). The only file that knows the update types.
/// </summary>
internal static class AskStreamEvents
{
    /// <summary>The event names, in the order they come.</summary>
    public const string Classification = "classification", Items = "items", Advice = "advice", Done = "done", Error = "error";

    /// <summary>Runs the request and yields its events.</summary>
    /// <param name="service">The ask service.</param>
    /// <param name="prepared">The prepared request.</param>
    /// <param name="cancellationToken">Cancels the request (the client went away, the server stops).</param>
    /// <returns>The events, without the error event (see <see cref="AskStreamRunner"/>).</returns>
    public static async IAsyncEnumerable<SseItem<object>> RunAsync(AskService service, PreparedAsk prepared, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in service.Workflow.AskStreamingAsync(prepared.Request, cancellationToken).ConfigureAwait(false))
        {
            yield return update switch
            {
                FashionSearchClassifiedUpdate classified => new(ClassificationEvent.From(classified), Classification),
                FashionSearchItemsUpdate items => new(new ItemsEvent([.. items.Items.Select(ItemView.From)]), Items),
                FashionSearchAdviceUpdate advice => new(new AdviceEvent(advice.Text), Advice),
                FashionSearchCompletedUpdate done => new(AskResponse.From(done.Result, prepared.UploadId), Done),
                _ => throw new InvalidOperationException($"Unknown update {update.GetType().Name}."),
            };
        }
    }
}
