using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using MultimodalSearch.Gemini;
using MultimodalSearch.Gemini.Configuration;

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

    /// <summary>
    /// Like <see cref="AddGemini"/>, but only when Gemini is configured: an API key or a project in the
    /// <c>MultimodalSearch:Gemini</c> section (or set by <paramref name="configure"/>), or a
    /// <c>GOOGLE_API_KEY</c> / <c>GEMINI_API_KEY</c> environment variable. Otherwise nothing is registered and
    /// the library's LLM steps stay offline, which suits hosts (such as the CLI) that work with or without a key.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <param name="configurePipeline">Adds M.E.AI middleware.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MultimodalSearchBuilder AddGeminiIfConfigured(
        this MultimodalSearchBuilder builder,
        Action<GeminiClientOptions>? configure = null,
        Action<ChatClientBuilder>? configurePipeline = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var probe = new GeminiClientOptions();
        builder.Configuration.GetSection(GeminiClientOptions.SectionName).Bind(probe);
        configure?.Invoke(probe);
        GeminiApiKeyEnvironment.Apply(probe, Environment.GetEnvironmentVariable);
        return string.IsNullOrWhiteSpace(probe.ApiKey) && string.IsNullOrWhiteSpace(probe.Project)
            ? builder
            : builder.AddGemini(configure, configurePipeline);
    }
}
