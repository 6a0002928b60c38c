using System.Text;
using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>Shows a streamed answer as it comes: what was understood, the items as soon as they are found, the advice as it is written.</summary>
internal static class AnswerStream
{
    /// <returns>The completed result (its conversation goes with the next request).</returns>
    public static async Task<FashionSearchResult> ShowAsync(CliConsole console, string heading, IAsyncEnumerable<FashionSearchUpdate> updates, CancellationToken cancellationToken)
    {
        var advice = new StringBuilder();
        var first = true;
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // The request is validated when the stream starts: a rejected message prints nothing here, only its error line.
            if (first)
            {
                ResultView.WriteHeading(console, heading);
                first = false;
            }

            switch (update)
            {
                case FashionSearchClassifiedUpdate understood:
                    ResultView.WriteUnderstood(console, understood.Categories, understood.Count, understood.Attributes, understood.Relation, understood.Unmatched, understood.ClassifiedBy, fallback: null);
                    break;
                case FashionSearchItemsUpdate found:
                    ResultView.WriteItems(console, found.Items);
                    break;
                case FashionSearchAdviceUpdate piece:
                    advice.Append(piece.Text);
                    await console.Out.WriteAsync(piece.Text.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case FashionSearchCompletedUpdate completed:
                    var result = completed.Result;
                    if (advice.Length == 0)
                    {
                        console.Out.WriteLine(result.Advice);
                    }
                    else
                    {
                        console.Out.WriteLine();
                    }

                    ResultView.WriteFooter(console, result, advice.Length == 0 ? result.Advice : advice.ToString());
                    return result;
            }
        }

        throw new InvalidOperationException("The answer ended without a result.");
    }
}
