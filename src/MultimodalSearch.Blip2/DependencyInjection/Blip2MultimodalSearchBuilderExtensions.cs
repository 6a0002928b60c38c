using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultimodalSearch;
using MultimodalSearch.Blip2;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Blip2.Thumbnails;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the BLIP-2 ONNX embedder to a MultimodalSearch setup.</summary>
public static class Blip2MultimodalSearchBuilderExtensions
{
    /// <summary>
    /// Adds BLIP-2 through ONNX Runtime as the <see cref="IMultimodalEmbedder"/> (and SkiaSharp as the
    /// <see cref="IImageThumbnailer"/> that shrinks product photos for the LLM and web pages, its decodes within the
    /// embedder's decode budget), with options from the
    /// <c>MultimodalSearch:Blip2</c> section, then <paramref name="configure"/>. The options and the model directory are
    /// checked when the host starts; the model itself loads on first use. Like every <c>Add...</c> method, the last
    /// embedder added is the one used. Its text encoder is also the
    /// <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator{TInput, TEmbedding}"/> the workflow embeds search texts with
    /// (see <c>AddMultimodalFashionSearch</c>).
    /// </summary>
    /// <param name="builder">The MultimodalSearch builder.</param>
    /// <param name="configure">Changes the options after binding, or null.</param>
    /// <returns>The builder.</returns>
    public static MultimodalSearchBuilder AddBlip2Onnx(this MultimodalSearchBuilder builder, Action<Blip2EmbedderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<Blip2EmbedderOptions>()
            .Bind(builder.Configuration.GetSection(Blip2EmbedderOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Blip2EmbedderOptions>, Blip2EmbedderOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // One decode budget for the embedder's decodes and the thumbnails' (web pages, the stylist's LLM call),
        // held apart from the embedder so that making thumbnails never loads the model.
        builder.Services.TryAddSingleton(sp => DecodeBudget.For(sp.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value.Image));
        builder.Services.TryAddSingleton(sp => Blip2Embedder.Load(
            sp.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value,
            sp.GetRequiredService<DecodeBudget>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<Blip2Embedder>()));
        builder.Services.AddSingleton<IMultimodalEmbedder>(sp => sp.GetRequiredService<Blip2Embedder>());

        // The stylist shrinks product photos for the LLM with the same decoder.
        builder.Services.TryAddSingleton<IImageThumbnailer>(sp => new SkiaImageThumbnailer(
            sp.GetRequiredService<IOptions<Blip2EmbedderOptions>>().Value.Image,
            sp.GetRequiredService<DecodeBudget>()));
        return builder;
    }
}
