using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// An <see cref="IChatClient"/> test double that streams a reply in pieces with a pause before each, and records
/// when the caller's token cancelled the stream.
/// </summary>
internal sealed class StreamingChatClient(IReadOnlyList<string> pieces, TimeSpan pause, Exception? failAfterPieces = null) : IChatClient
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when a stream was cancelled by its token.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Gets how many pieces were sent.</summary>
    public int Sent { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(pieces))));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in pieces)
        {
            try
            {
                await Task.Delay(pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _cancelled.TrySetResult();
                throw;
            }

            Sent++;
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }

        if (failAfterPieces is not null)
        {
            throw failAfterPieces;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
