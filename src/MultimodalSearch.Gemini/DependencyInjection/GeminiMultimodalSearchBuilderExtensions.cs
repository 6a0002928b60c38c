using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Gemini to a MultimodalSearch setup (<c>services.AddMultimodalFashionSearch(configuration).AddGemini()</c>).</summary>
public static class GeminiMultimodalSearchBuilderExtensions
{
    /// <summary>
    /// Registers Gemini as the <see cref="IChatClient"/> the library's LLM steps use, with options bound from
    /// the <c>MultimodalSearch:Gemini</c> section and then <paramref name="configure"/>. With neither an API key
    /// nor a project configured, <c>GOOGLE_API_KEY</c> or <c>GEMINI_API_KEY</c> supplies the key.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <param name="configurePipeline">Adds M.E.AI middleware, for example <c>chat =&gt; chat.UseLogging().UseOpenTelemetry()</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MultimodalSearchBuilder AddGemini(
        this MultimodalSearchBuilder builder,
        Action<GeminiClientOptions>? configure = null,
        Action<ChatClientBuilder>? configurePipeline = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var chat = builder.Services.AddGeminiChatClient(builder.Configuration.GetSection(GeminiClientOptions.SectionName), configure);
        configurePipeline?.Invoke(chat);
        return builder;
    }
}
