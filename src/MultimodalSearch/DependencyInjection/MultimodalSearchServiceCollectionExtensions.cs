using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MultimodalSearch in a service collection.</summary>
public static class MultimodalSearchServiceCollectionExtensions
{
    /// <summary>
    /// Adds MultimodalSearch with its options read from the <c>MultimodalSearch</c> section of
    /// <paramref name="configuration"/>. Chain <c>AddBlip2Onnx()</c>, a catalog store and optionally
    /// <c>AddGemini()</c> on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration (the root, or the <c>MultimodalSearch</c> section itself).</param>
    /// <returns>The builder.</returns>
    public static MultimodalSearchBuilder AddMultimodalFashionSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: MultimodalSearchBuilder.SectionName }
            ? configuration
            : configuration.GetSection(MultimodalSearchBuilder.SectionName);
        services.AddLogging();
        services.AddOptions();
        return new MultimodalSearchBuilder(services, section);
    }
}
