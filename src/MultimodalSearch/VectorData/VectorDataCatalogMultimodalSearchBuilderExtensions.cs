using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using MultimodalSearch;
using MultimodalSearch.VectorData;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the catalog over a Microsoft.Extensions.VectorData store to a MultimodalSearch setup.</summary>
public static class VectorDataCatalogMultimodalSearchBuilderExtensions
{
    /// <summary>
    /// Makes the catalog a <see cref="VectorDataCatalogStore"/> over the <see cref="VectorStore"/> registered in the
    /// service collection (any MEVD connector). Options come from the <c>MultimodalSearch:VectorData</c> section,
    /// then <paramref name="configure"/>; they are validated at startup. Like every <c>Add...</c> method, the last
    /// store added is the one used.
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Changes the options after configuration is bound, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="OptionsValidationException">Thrown when the store is first resolved (or at host start) if the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the store is first resolved if no <see cref="VectorStore"/> is registered.</exception>
    public static MultimodalSearchBuilder AddVectorDataCatalog(this MultimodalSearchBuilder builder, Action<VectorDataCatalogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddValidatedOptions<VectorDataCatalogOptions, VectorDataCatalogOptionsValidator>(
            builder.Configuration.GetSection(VectorDataCatalogOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(static services => VectorDataCatalogStore.Create(
            services.GetRequiredService<VectorStore>(),
            services.GetRequiredService<IOptions<VectorDataCatalogOptions>>().Value,
            services.GetService<ILoggerFactory>()?.CreateLogger<VectorDataCatalogStore>()));
        builder.Services.AddSingleton<ICatalogStore>(static services => services.GetRequiredService<VectorDataCatalogStore>());
        return builder;
    }
}
