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
    // The embedded store the workflow falls back to when no ICatalogStore is registered.
    private const string DefaultStoreKey = "MultimodalSearch.DefaultEmbeddedCatalog";

    /// <summary>
    /// Adds MultimodalSearch with its options read from the <c>MultimodalSearch</c> section of
    /// <paramref name="configuration"/>: the <see cref="FashionSearchWorkflow"/> (options from <c>MultimodalSearch:Workflow</c>),
    /// the intent classifier (<c>MultimodalSearch:Intent</c>), the stylist (<c>MultimodalSearch:Stylist</c>) and the
/// <see cref="CatalogIngestor"/> (<c>MultimodalSearch:Ingestion</c>).
    /// Chain <c>AddBlip2Onnx()</c>, a catalog store and optionally <c>AddGemini()</c> on the returned builder.
    /// </summary>
    /// <remarks>
    /// <para>The classifier and the stylist use the registered <see cref="IChatClient"/> when there is one (with the
    /// offline implementations as their fallback), and the offline implementations otherwise. Register your own
    /// <see cref="IIntentClassifier"/> or <see cref="IStylistAssistant"/> to replace them.</para>
    /// <para>When no <see cref="ICatalogStore"/> is registered, the workflow uses the embedded store in
    /// <c>MultimodalSearch:Embedded:Directory</c>.</para>
    /// <para>Options are validated when the host starts (or, without a host, when first used); an invalid value
    /// fails with an <see cref="OptionsValidationException"/> that names the key.</para>
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
        services.AddOptions();
        AddValidatedOptions<FashionSearchOptions>(services, section.GetSection(FashionSearchOptions.SectionName), o => o.GetErrors());
        AddValidatedOptions<IntentClassifierOptions>(services, section.GetSection(IntentClassifierOptions.SectionName), o => o.GetErrors());
        AddValidatedOptions<StylistOptions>(services, section.GetSection(StylistOptions.SectionName), o => o.GetErrors());
        AddValidatedOptions<IngestionOptions>(services, section.GetSection(IngestionOptions.SectionName), o => o.GetErrors());
        services.AddOptions<EmbeddedCatalogStoreOptions>().Bind(section.GetSection(EmbeddedCatalogStoreOptions.SectionName));

        services.TryAddSingleton<KeywordIntentClassifier>();
        services.TryAddSingleton<IIntentClassifier>(sp => sp.GetService<IChatClient>() is { } chat
            ? new ChatIntentClassifier(chat, sp.GetRequiredService<KeywordIntentClassifier>(), sp.GetRequiredService<IOptions<IntentClassifierOptions>>(), sp.GetService<ILogger<ChatIntentClassifier>>())
            : sp.GetRequiredService<KeywordIntentClassifier>());
        services.TryAddSingleton<IStylistAssistant>(sp => sp.GetService<IChatClient>() is { } chat
            ? new ChatStylistAssistant(chat, sp.GetRequiredService<IOptions<StylistOptions>>(), sp.GetService<IImageThumbnailer>(), sp.GetService<ILogger<ChatStylistAssistant>>())
            : new TemplateStylistAssistant());
        services.TryAddKeyedSingleton<ICatalogStore>(DefaultStoreKey, (sp, _) => OpenDefaultStore(sp));
        services.TryAddSingleton(sp => new FashionSearchWorkflow(
            sp.GetRequiredService<IMultimodalEmbedder>(),
            sp.GetService<ICatalogStore>() ?? sp.GetRequiredKeyedService<ICatalogStore>(DefaultStoreKey),
            sp.GetRequiredService<IIntentClassifier>(),
            sp.GetRequiredService<IStylistAssistant>(),
            sp.GetRequiredService<IOptions<FashionSearchOptions>>(),
            sp.GetService<ILogger<FashionSearchWorkflow>>()));
        services.TryAddSingleton(sp => new CatalogIngestor(
            sp.GetRequiredService<IMultimodalEmbedder>(),
            sp.GetService<ICatalogStore>() ?? sp.GetRequiredKeyedService<ICatalogStore>(DefaultStoreKey),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value,
            sp.GetService<ILogger<CatalogIngestor>>()));
        return new MultimodalSearchBuilder(services, section);
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, IConfiguration section, Func<TOptions, IEnumerable<string>> getErrors)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new OptionsErrorsValidator<TOptions>(getErrors)));
    }

    private static EmbeddedCatalogStore OpenDefaultStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedCatalogStoreOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new InvalidOperationException(
                "No catalog store is configured: register one (UseEmbeddedCatalog(), AddPgVectorCatalog()) or set MultimodalSearch:Embedded:Directory.");
        }

        return EmbeddedCatalogStore.Open(options, services.GetService<ILoggerFactory>()?.CreateLogger<EmbeddedCatalogStore>());
    }
}
