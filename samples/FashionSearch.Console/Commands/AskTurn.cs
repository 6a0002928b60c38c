using FashionSearch.Console.Cli;
using MultimodalSearch;

namespace FashionSearch.Console.Commands;

/// <summary>
/// One turn of <c>ask</c>, on the command line or at the prompt: with --json the whole result as one JSON line,
/// otherwise the answer shown as it streams; then the conversation written back to --conversation FILE.
/// </summary>
internal static class AskTurn
{
    /// <returns>The result: its conversation goes with the next turn.</returns>
    /// <exception cref="UsageException">The workflow refused the request (a message over the limit, ...).</exception>
    public static async Task<FashionSearchResult> RunAsync(CliHost host, FashionSearchRequest request, string? conversationFile, CancellationToken cancellationToken)
    {
        try
        {
            return await AnswerAsync(host, request, conversationFile, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(CliError.WithoutParameterName(ex));
        }
    }

    private static async Task<FashionSearchResult> AnswerAsync(CliHost host, FashionSearchRequest request, string? conversationFile, CancellationToken cancellationToken)
    {
        FashionSearchResult result;
        if (host.Json)
        {
            result = await host.Workflow.AskAsync(request, cancellationToken).ConfigureAwait(false);
            await JsonOutput.WriteAsync(host.Console, result, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result = await AnswerStream.ShowAsync(host.Console, Heading(request), host.Workflow.AskStreamingAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (conversationFile is not null)
        {
            await ConversationFile.WriteAsync(conversationFile, result.Conversation, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static string Heading(FashionSearchRequest request) =>
        request.Message.Trim().Length > 0 ? request.Message : $"[photo: {request.PhotoReference}]";
}
