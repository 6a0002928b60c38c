using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultimodalSearch.Gemini;
using MultimodalSearch.Gemini.Configuration;
using MultimodalSearch.Gemini.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="GeminiChatClient"/> as the application's <see cref="IChatClient"/>.</summary>
public static class GeminiServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> the client uses, for <c>services.AddHttpClient(name)</c> customisation.</summary>
    public const string HttpClientName = "MultimodalSearch.Gemini";

    /// <summary>
    /// Registers Gemini as the singleton <see cref="IChatClient"/>, configured in code. When no API key and no
    /// project are configured, <c>GOOGLE_API_KEY</c> or <c>GEMINI_API_KEY</c> supplies the key. Register an
    /// <see cref="IGeminiAccessTokenSource"/> to replace Google's default credentials for Vertex AI.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The M.E.AI pipeline builder: add middleware with <c>.UseLogging()</c>, <c>.UseOpenTelemetry()</c>, <c>.UseDistributedCache()</c>, <c>.UseFunctionInvocation()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="OptionsValidationException">On resolution (or at host start): the options are invalid.</exception>
    public static ChatClientBuilder AddGeminiChatClient(this IServiceCollection services, Action<GeminiClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, configuration: null, configure);
    }

    /// <summary>
    /// Registers Gemini as the singleton <see cref="IChatClient"/>, with options bound from
    /// <paramref name="configuration"/> (a section with <c>ApiKey</c> or <c>Project</c>, <c>Model</c>, ...)
    /// and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, for example <c>configuration.GetSection("Gemini")</c>.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <returns>The M.E.AI pipeline builder for middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    /// <exception cref="OptionsValidationException">On resolution (or at host start): the options are invalid.</exception>
    public static ChatClientBuilder AddGeminiChatClient(
        this IServiceCollection services, IConfiguration configuration, Action<GeminiClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, configuration, configure);
    }

    private static ChatClientBuilder AddCore(IServiceCollection services, IConfiguration? configuration, Action<GeminiClientOptions>? configure)
    {
        var options = services.AddOptions<GeminiClientOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o => GeminiApiKeyEnvironment.Apply(o, Environment.GetEnvironmentVariable)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GeminiClientOptions>, GeminiClientOptionsValidator>());

        // The chat client is a singleton holding one HttpClient, so connections are recycled by the handler
        // (DNS changes) instead of by the factory's handler rotation; timeouts are the chat client's own.
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => GeminiHttpHandler.Create(provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(["x-goog-api-key", "Authorization"]);

        return services.AddChatClient(provider => new GeminiChatClient(
            provider.GetRequiredService<IOptions<GeminiClientOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetService<IGeminiAccessTokenSource>(),
            provider.GetService<ILogger<GeminiChatClient>>()));
    }
}
