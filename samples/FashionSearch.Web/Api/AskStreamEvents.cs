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
        var result = await service.Workflow.AskAsync(prepared.Request, cancellationToken).ConfigureAwait(false);
        yield return new(new ClassificationEvent(result.Categories, result.Count, result.PhotoCategory, result.ClassifiedBy), Classification);
        yield return new(new ItemsEvent([.. result.Items.Select(ItemView.From)]), Items);
        yield return new(new AdviceEvent(result.Advice), Advice);
        yield return new(AskResponse.From(result, prepared.UploadId), Done);
    }
}
