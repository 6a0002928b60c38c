using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Embedded;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the embedded catalog store to a MultimodalSearch setup.</summary>
public static class EmbeddedCatalogMultimodalSearchBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="EmbeddedCatalogStore"/> as the <see cref="ICatalogStore"/> (a singleton, opened on first use),
    /// with options bound from <c>MultimodalSearch:Embedded</c> and then <paramref name="configure"/>, validated when
    /// the host starts. Like every <c>Add...</c> method, the last store added is the one used.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MultimodalSearchBuilder AddEmbeddedCatalog(this MultimodalSearchBuilder builder, Action<EmbeddedCatalogStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // AddMultimodalFashionSearch bound the options (for the default store); here they become required and validated at start-up.
        var options = builder.Services.AddOptions<EmbeddedCatalogStoreOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedCatalogStoreOptions>, EmbeddedCatalogStoreOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // AddMultimodalFashionSearch registered the EmbeddedCatalogStore singleton (the default store); this makes it the store.
        builder.Services.AddSingleton<ICatalogStore>(services => services.GetRequiredService<EmbeddedCatalogStore>());
        return builder;
    }
}
