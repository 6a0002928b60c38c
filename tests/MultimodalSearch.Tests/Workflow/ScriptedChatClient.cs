using Microsoft.Extensions.AI;

namespace MultimodalSearch.Tests.Workflow;

/// <summary>
/// An <see cref="IChatClient"/> test double whose replies come from a per-test script, one step per call, and
/// that records every call (messages and options) for the test to inspect.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<CancellationToken, Task<ChatResponse>>> _script = new();

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <summary>Adds a step that replies with <paramref name="text"/>.</summary>
    public ScriptedChatClient Reply(string text)
    {
        _script.Enqueue(_ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))));
        return this;
    }

    /// <summary>Adds a step that throws <paramref name="error"/>.</summary>
    public ScriptedChatClient Throw(Exception error)
    {
        _script.Enqueue(_ => Task.FromException<ChatResponse>(error));
        return this;
    }

    /// <summary>Adds a step that never replies: it waits until its token is cancelled.</summary>
    public ScriptedChatClient Hang()
    {
        _script.Enqueue(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add(([.. messages], options));
        if (!_script.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"The script has no step for call {Calls.Count}.");
        }

        return step(cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The workflow does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
