using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Blip2.Thumbnails;
using MultimodalSearch.Testing;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests.Thumbnails;

/// <summary>Thumbnails take their decode memory from the decode budget, the embedder's when both come from one container.</summary>
public sealed class ThumbnailDecodeBudgetTests
{
    [Fact]
    public async Task The_embedder_and_the_thumbnailer_from_one_container_share_one_decode_budget()
    {
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(new ConfigurationBuilder().Build())
            .AddBlip2Onnx(o => (o.ModelDirectory, o.Image.DecodeBudgetPixels) = (TestPaths.TinyModel, 10_000));
        using var provider = services.BuildServiceProvider();
        var thumbnailer = provider.GetRequiredService<IImageThumbnailer>();
        var embedder = provider.GetRequiredService<Blip2Embedder>();
        Assert.Same(embedder.DecodeBudget, Assert.IsType<SkiaImageThumbnailer>(thumbnailer).DecodeBudget);

        // While the embedder's decodes hold the whole budget, a thumbnail waits; it is made once they give it back.
        var held = await embedder.DecodeBudget.AcquireAsync(10_000, "held", CancellationToken.None);
        var thumbnail = thumbnailer.CreateJpegThumbnailAsync(Png(40, 30), 20);
        Assert.False(thumbnail.IsCompleted);
        held.Dispose();

        ThumbnailImages.DecodeJpeg(await thumbnail, out var width, out var height);
        Assert.Equal((20, 15), (width, height));
        Assert.Equal(10_000, embedder.PeakDecodePixels);
    }

    [Fact]
    public async Task The_thumbnailer_from_a_container_works_without_loading_the_model()
    {
        // The directory exists (so the options are valid) but holds no model: loading the embedder would fail.
        var empty = Directory.CreateTempSubdirectory("thumbnailer-no-model-");
        try
        {
            var services = new ServiceCollection();
            services.AddMultimodalFashionSearch(new ConfigurationBuilder().Build()).AddBlip2Onnx(o => o.ModelDirectory = empty.FullName);
            using var provider = services.BuildServiceProvider();

            var thumbnail = await provider.GetRequiredService<IImageThumbnailer>().CreateJpegThumbnailAsync(Png(40, 30), 20);

            ThumbnailImages.DecodeJpeg(thumbnail, out var width, out _);
            Assert.Equal(20, width);
            Assert.Throws<EmbeddingModelException>(() => provider.GetRequiredService<Blip2Embedder>());
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_image_needing_more_than_the_whole_budget_is_refused_with_the_budget_named()
    {
        var thumbnailer = new SkiaImageThumbnailer(new ImagePreprocessorOptions { DecodeBudgetPixels = 5_000 });

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => thumbnailer.CreateJpegThumbnailAsync(Png(100, 100), 50));

        Assert.Contains("decode budget of 5,000 (Blip2EmbedderOptions.Image.DecodeBudgetPixels)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, thumbnailer.DecodeBudget.PeakInUse);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_budget_throws_and_takes_nothing()
    {
        var budget = new DecodeBudget(10_000);
        var thumbnailer = new SkiaImageThumbnailer(new ImagePreprocessorOptions(), budget);
        using var cancellation = new CancellationTokenSource();
        var held = await budget.AcquireAsync(10_000, "held", CancellationToken.None);

        var waiting = thumbnailer.CreateJpegThumbnailAsync(Png(40, 30), 20, cancellation.Token);
        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        // The cancelled wait left the queue: the whole budget is free at once.
        var whole = budget.AcquireAsync(10_000, "whole", CancellationToken.None);
        Assert.True(whole.IsCompletedSuccessfully);
        (await whole).Dispose();
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Teal);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
