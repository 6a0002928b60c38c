using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using FashionSearch.Web.Hosting;

namespace FashionSearch.Web.Api;

/// <summary>
/// Starts a stream so that a request the workflow refuses at once (no message, a bad photo) still gets a plain 4xx
/// problem response, and a failure after the first event becomes an <c>error</c> event instead of a cut connection.
/// </summary>
internal static class AskStreamRunner
{
    /// <summary>Runs the request up to its first event.</summary>
    /// <param name="events">The request's events.</param>
    /// <param name="onFailure">Called when the request fails (forgets a refused upload).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>All the events, the first already computed.</returns>
    /// <exception cref="Exception">Whatever the request throws before its first event.</exception>
    public static async Task<IAsyncEnumerable<SseItem<object>>> StartAsync(
        IAsyncEnumerable<SseItem<object>> events, Action onFailure, ILogger logger, CancellationToken cancellationToken)
    {
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch
        {
            onFailure();
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return Continue(enumerator, any, onFailure, logger, cancellationToken);
    }

    private static async IAsyncEnumerable<SseItem<object>> Continue(
        IAsyncEnumerator<SseItem<object>> enumerator, bool any, Action onFailure, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = enumerator.ConfigureAwait(false);
        var sent = 0;
        while (any)
        {
            yield return enumerator.Current;
            sent++;
            SseItem<object>? error = null;
            try
            {
                any = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                WebLog.StreamCancelled(logger, sent);
                throw;
            }
            catch (Exception ex)
            {
                onFailure();
                var (problem, serverFault) = ProblemMapping.From(ex);
                if (serverFault)
                {
                    WebLog.StreamFailed(logger, ex, sent);
                }

                error = new SseItem<object>(problem, AskStreamEvents.Error);
                any = false;
            }

            if (error is { } last)
            {
                yield return last;
            }
        }
    }
}
