using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddMultimodalFashionSearch</c>; the other MultimodalSearch packages extend it
/// (<c>AddBlip2Onnx()</c>, <c>AddPgVectorCatalog()</c>, <c>AddGemini()</c>).
/// </summary>
/// <remarks>
/// <c>Add...</c> methods register a part; when a part is added twice (two stores, two embedders), the last one added
/// is used, as with any service collection. <c>Use...</c> methods only wrap a part in a pipeline.
/// </remarks>
public sealed class MultimodalSearchBuilder
{
    /// <summary>The configuration section every MultimodalSearch option lives under.</summary>
    public const string SectionName = "MultimodalSearch";

    /// <summary>Creates a builder over <paramref name="services"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>MultimodalSearch</c> configuration section, or an empty one.</param>
    public MultimodalSearchBuilder(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Services = services;
        Configuration = configuration;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the <c>MultimodalSearch</c> configuration section; each package binds its own subsection.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>
    /// Makes the library's LLM steps (the intent classifier and the stylist) use the <see cref="IChatClient"/>
    /// registered under <paramref name="serviceKey"/> (for example with <c>services.AddKeyedChatClient(key, ...)</c>),
    /// so that the assistant can have a different model from the rest of the application, which keeps the unkeyed one.
    /// Calling it again replaces the key.
    /// </summary>
    /// <param name="serviceKey">The service key of the chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceKey"/> is null.</exception>
    /// <remarks>Resolving the classifier or the stylist throws <see cref="InvalidOperationException"/> when no chat client has that key.</remarks>
    public MultimodalSearchBuilder WithChatClient(object serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        Services.AddSingleton(new ChatClientSelection(serviceKey));
        return this;
    }
}
