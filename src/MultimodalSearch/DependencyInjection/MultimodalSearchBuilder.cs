using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddMultimodalFashionSearch</c>; the other MultimodalSearch packages extend it
/// (<c>AddBlip2Onnx()</c>, <c>AddPgVectorCatalog()</c>, <c>AddGemini()</c>).
/// </summary>
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
}
