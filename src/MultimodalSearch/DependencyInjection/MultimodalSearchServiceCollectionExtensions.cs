using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Embedded;
using MultimodalSearch.Ingestion;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MultimodalSearch in a service collection.</summary>
public static class MultimodalSearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds MultimodalSearch with its options read from the <c>MultimodalSearch</c> section of
    /// <paramref name="configuration"/>: the <see cref="FashionSearchWorkflow"/> (options from <c>MultimodalSearch:Workflow</c>),
    /// the intent classifier (<c>MultimodalSearch:Intent</c>), the stylist (<c>MultimodalSearch:Stylist</c>) and the
    /// <see cref="CatalogIngestor"/> (<c>MultimodalSearch:Ingestion</c>).
    /// Chain <c>AddBlip2Onnx()</c>, a catalog store and optionally <c>AddGemini()</c> on the returned builder.
    /// </summary>
    /// <remarks>
    /// <para>Every service here is added with <c>TryAdd</c>: one the application registered before this call is kept,
    /// and one registered after it wins (the last registration of a service is the one resolved). The builder's
    /// <c>Add...</c> methods follow the same rule: the last store, embedder or chat client added is used.</para>
    /// <para>The classifier and the stylist use the <see cref="IChatClient"/> when there is one (with the offline
    /// implementations as their fallback), and the offline implementations otherwise;
    /// <see cref="MultimodalSearchBuilder.WithChatClient(object)"/> gives them a keyed client instead.</para>
    /// <para>The workflow embeds its search texts through the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of
    /// <see cref="string"/> to <see cref="Embedding{T}"/> of <see cref="float"/>: by default the
    /// <see cref="IMultimodalEmbedder"/>'s text encoder (<see cref="MultimodalSearch.EmbeddingGeneratorExtensions.AsTextEmbeddingGenerator(IMultimodalEmbedder)"/>).
    /// Register it yourself to add Microsoft.Extensions.AI middleware:
    /// <c>services.AddEmbeddingGenerator(sp =&gt; sp.GetRequiredService&lt;IMultimodalEmbedder&gt;().AsTextEmbeddingGenerator()).UseLogging()</c>.</para>
    /// <para>When no <see cref="ICatalogStore"/> is registered, the embedded store in
    /// <c>MultimodalSearch:Embedded:Directory</c> is the store.</para>
    /// <para>Options are validated when the host starts (or, without a host, when first used); an invalid value
    /// fails with an <see cref="OptionsValidationException"/> whose messages name the configuration keys.</para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration (the root, or the <c>MultimodalSearch</c> section itself).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static MultimodalSearchBuilder AddMultimodalFashionSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: MultimodalSearchBuilder.SectionName }
            ? configuration
            : configuration.GetSection(MultimodalSearchBuilder.SectionName);
        services.AddValidatedOptions<FashionSearchOptions, FashionSearchOptionsValidator>(section.GetSection(FashionSearchOptions.SectionName));
        services.AddValidatedOptions<IntentClassifierOptions, IntentClassifierOptionsValidator>(section.GetSection(IntentClassifierOptions.SectionName));
        services.AddValidatedOptions<StylistOptions, StylistOptionsValidator>(section.GetSection(StylistOptions.SectionName));
        services.AddValidatedOptions<IngestionOptions, IngestionOptionsValidator>(section.GetSection(IngestionOptions.SectionName));

        // Bound but validated only by AddEmbeddedCatalog(): without it the embedded store is a fallback that may never be used.
        services.AddOptions<EmbeddedCatalogStoreOptions>().Bind(section.GetSection(EmbeddedCatalogStoreOptions.SectionName));

        services.TryAddSingleton<KeywordIntentClassifier>();
        services.TryAddSingleton<IIntentClassifier>(sp => ChatClientSelection.Resolve(sp) is { } chat
            ? new ChatIntentClassifier(chat, sp.GetRequiredService<KeywordIntentClassifier>(), sp.GetRequiredService<IOptions<IntentClassifierOptions>>(), sp.GetService<ILogger<ChatIntentClassifier>>())
            : sp.GetRequiredService<KeywordIntentClassifier>());
        services.TryAddSingleton<IStylistAssistant>(sp => ChatClientSelection.Resolve(sp) is { } chat
            ? new ChatStylistAssistant(chat, sp.GetRequiredService<IOptions<StylistOptions>>(), sp.GetService<IImageThumbnailer>(), sp.GetService<ILogger<ChatStylistAssistant>>())
            : new TemplateStylistAssistant());
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<IMultimodalEmbedder>().AsTextEmbeddingGenerator());

        // The default store: the embedded one. A store added later (AddEmbeddedCatalog, AddPgVectorCatalog, ...) wins.
        services.TryAddSingleton(OpenEmbeddedStore);
        services.TryAddSingleton<ICatalogStore>(sp => sp.GetRequiredService<EmbeddedCatalogStore>());

        services.TryAddSingleton(sp => new FashionSearchWorkflow(
            sp.GetRequiredService<IMultimodalEmbedder>(),
            sp.GetRequiredService<ICatalogStore>(),
            sp.GetRequiredService<IIntentClassifier>(),
            sp.GetRequiredService<IStylistAssistant>(),
            sp.GetRequiredService<IOptions<FashionSearchOptions>>(),
            sp.GetService<ILogger<FashionSearchWorkflow>>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.TryAddSingleton(sp => new CatalogIngestor(
            sp.GetRequiredService<IMultimodalEmbedder>(),
            sp.GetRequiredService<ICatalogStore>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value,
            sp.GetService<ILogger<CatalogIngestor>>()));
        return new MultimodalSearchBuilder(services, section);
    }

    /// <summary>Binds options from a section, validates them with their validator, and fails at start-up when they are invalid.</summary>
    internal static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }

    private static EmbeddedCatalogStore OpenEmbeddedStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedCatalogStoreOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new InvalidOperationException(
                "No catalog store is configured: add one (AddEmbeddedCatalog(), AddPgVectorCatalog(), AddVectorDataCatalog()) or set MultimodalSearch:Embedded:Directory.");
        }

        return EmbeddedCatalogStore.Open(options, services.GetService<ILoggerFactory>()?.CreateLogger<EmbeddedCatalogStore>());
    }
}
