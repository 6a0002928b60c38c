using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Which <see cref="IChatClient"/> the library's LLM steps use: the keyed one named by <c>WithChatClient(key)</c>, or the unkeyed one.</summary>
/// <param name="ServiceKey">The service key of the chat client.</param>
internal sealed record ChatClientSelection(object ServiceKey)
{
    /// <summary>Gets the chat client for the classifier and the stylist, or null when there is none.</summary>
    /// <exception cref="InvalidOperationException">A key was chosen with <c>WithChatClient</c>, but no chat client is registered under it.</exception>
    public static IChatClient? Resolve(IServiceProvider services) =>
        services.GetService<ChatClientSelection>() is { } selection
            ? services.GetKeyedService<IChatClient>(selection.ServiceKey)
              ?? throw new InvalidOperationException($"WithChatClient({selection.ServiceKey}) names a chat client that is not registered: add it with services.AddKeyedChatClient({selection.ServiceKey}, ...).")
            : services.GetService<IChatClient>();
}
