using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch.Blip2.Thumbnails;
using MultimodalSearch.Testing;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests.Thumbnails;

public sealed class SkiaImageThumbnailerTests
{
    private readonly SkiaImageThumbnailer _thumbnailer = new(new ImagePreprocessorOptions());

    [Fact]
    public async Task A_large_image_becomes_a_jpeg_whose_longer_side_is_the_maximum_and_keeps_its_aspect()
    {
        var png = Encode(new SKBitmap(800, 400), SKColors.Red, SKEncodedImageFormat.Png);

        var thumbnail = await _thumbnailer.CreateJpegThumbnailAsync(png, 200);

        using var decoded = SKBitmap.Decode(thumbnail.ToArray());
        Assert.Equal(SKEncodedImageFormat.Jpeg, SKCodec.Create(new SKMemoryStream(thumbnail.ToArray())).EncodedFormat);
        Assert.Equal(200, decoded.Width);
        Assert.Equal(100, decoded.Height);
        var centre = decoded.GetPixel(100, 50);
        Assert.True(centre.Red > 240 && centre.Green < 20 && centre.Blue < 20, $"colour {centre}");
    }

    [Fact]
    public async Task A_small_image_is_not_enlarged()
    {
        var catalogImage = await File.ReadAllBytesAsync(Path.Combine(TestPaths.DemoCatalog, "images", "shoes", "10241.jpg"));

        var thumbnail = await _thumbnailer.CreateJpegThumbnailAsync(catalogImage, 512);

        using var decoded = SKBitmap.Decode(thumbnail.ToArray());
        Assert.Equal(224, decoded.Width);
        Assert.Equal(224, decoded.Height);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_an_invalid_image()
    {
        await Assert.ThrowsAsync<InvalidImageException>(() => _thumbnailer.CreateJpegThumbnailAsync("not an image"u8.ToArray(), 100));
    }

    [Fact]
    public void AddBlip2Onnx_registers_the_thumbnailer_for_the_stylist()
    {
        var services = new ServiceCollection();
        services.AddMultimodalFashionSearch(new ConfigurationBuilder().Build()).AddBlip2Onnx(o => o.ModelDirectory = TestPaths.DemoModel);

        using var provider = services.BuildServiceProvider();

        Assert.IsType<SkiaImageThumbnailer>(provider.GetRequiredService<IImageThumbnailer>());
    }

    private static byte[] Encode(SKBitmap bitmap, SKColor colour, SKEncodedImageFormat format)
    {
        using (bitmap)
        {
            bitmap.Erase(colour);
            using var data = bitmap.Encode(format, 100);
            return data.ToArray();
        }
    }
}
