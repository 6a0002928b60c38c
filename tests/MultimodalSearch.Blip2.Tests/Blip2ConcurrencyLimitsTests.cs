using MultimodalSearch.Blip2.Tests.Imaging;
using MultimodalSearch.Testing;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests;

/// <summary>
/// The embedder's limits under many concurrent callers, on the real tiny model: at most
/// <see cref="Blip2EmbedderOptions.MaxConcurrentInferences"/> model calls at once, and image decodes within
/// <see cref="ImagePreprocessorOptions.DecodeBudgetPixels"/>.
/// </summary>
public sealed class Blip2ConcurrencyLimitsTests
{
    [Fact]
    public async Task Many_concurrent_callers_never_run_more_model_calls_at_once_than_configured()
    {
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel, MaxConcurrentInferences = 2, IntraOpThreads = 1 });
        var reference = TinyReference.Instance;
        var expected = await embedder.EmbedTextsAsync(reference.Texts);

        var calls = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                return (await embedder.EmbedTextsAsync(reference.Texts)).Select(t => t.Vector.ToArray()).ToArray();
            }

            var images = await embedder.EmbedPreparedImagesAsync([new PreparedImage("x", reference.PixelValues.AsMemory(0, reference.PixelValues.Length / reference.Images.Length))]);
            return [images[0].Vectors.ToArray()];
        }));
        var results = await Task.WhenAll(calls);

        Assert.InRange(embedder.PeakConcurrentInferences, 1, 2);
        for (var i = 0; i < results.Length; i += 2)
        {
            Assert.Equal(expected.Count, results[i].Length);
            Assert.Equal(expected[0].Vector.ToArray(), results[i][0]);
        }
    }

    [Fact]
    public async Task Concurrent_decodes_hold_no_more_pixels_than_the_budget_and_all_complete()
    {
        // Room for two of these 300 x 200 PNGs at once, not three.
        const long budget = 150_000;
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel, Image = { DecodeBudgetPixels = budget } });
        var png = Png(300, 200);

        var prepared = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => embedder.PrepareImageAsync(ImageInput.FromBytes(png, $"image{i}.png")))));

        Assert.All(prepared, p => Assert.Equal(prepared[0].Pixels.ToArray(), p.Pixels.ToArray()));
        Assert.InRange(embedder.PeakDecodePixels, 60_000, budget);
    }

    [Fact]
    public async Task An_image_larger_than_the_whole_decode_budget_is_refused_naming_the_budget_and_smaller_ones_still_decode()
    {
        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel, Image = { DecodeBudgetPixels = 50_000 } });

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => embedder.PrepareImageAsync(ImageInput.FromBytes(Png(300, 200), "big.png")));
        var small = await embedder.PrepareImageAsync(ImageInput.FromBytes(Png(100, 100), "small.png"));

        Assert.Contains("big.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("60,000 pixels", error.Message, StringComparison.Ordinal);
        Assert.Contains("decode budget of 50,000 (Blip2EmbedderOptions.Image.DecodeBudgetPixels)", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(small.Pixels.ToArray());
    }

    private static byte[] Png(int width, int height)
    {
        var rgba = TestImages.Noise(width, height, 4, seed: width + height);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        rgba.AsSpan().CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
