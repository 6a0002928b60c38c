using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Embedded;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded catalog store.</summary>
public static class EmbeddedCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmbeddedCatalogStore"/> as the <see cref="ICatalogStore"/> (a singleton, opened on
    /// first use), with options bound from <c>MultimodalSearch:Embedded</c> and then <paramref name="configure"/>.
    /// Registration uses TryAdd, so a store registered earlier (for example Postgres) wins.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>The builder.</returns>
    public static MultimodalSearchBuilder UseEmbeddedCatalog(this MultimodalSearchBuilder builder, Action<EmbeddedCatalogStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<EmbeddedCatalogStoreOptions>()
            .Bind(builder.Configuration.GetSection(EmbeddedCatalogStoreOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Directory), "MultimodalSearch:Embedded:Directory is required: the directory the catalog is kept in.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(services => EmbeddedCatalogStore.Open(
            services.GetRequiredService<IOptions<EmbeddedCatalogStoreOptions>>().Value,
            services.GetService<ILoggerFactory>()?.CreateLogger<EmbeddedCatalogStore>()));
        builder.Services.TryAddSingleton<ICatalogStore>(services => services.GetRequiredService<EmbeddedCatalogStore>());
        return builder;
    }
}
