using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Blip2.Tests.Imaging;
using MultimodalSearch.Blip2.Thumbnails;
using MultimodalSearch.Testing;
using SkiaSharp;

namespace MultimodalSearch.Blip2.Tests.Thumbnails;

public sealed class SkiaImageThumbnailerTests
{
    private readonly SkiaImageThumbnailer _thumbnailer = new(new ImagePreprocessorOptions());

    public static TheoryData<int> Orientations => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

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
    public async Task A_large_jpeg_is_decoded_at_an_eighth_of_its_size_and_looks_at_least_as_good_as_a_thumbnail_of_the_whole_decode()
    {
        var jpeg = ThumbnailImages.LargeJpeg;
        var budget = new DecodeBudget(100_000_000);
        var thumbnailer = new SkiaImageThumbnailer(new ImagePreprocessorOptions(), budget);

        var thumbnail = await thumbnailer.CreateJpegThumbnailAsync(jpeg, 256);

        var rgb = ThumbnailImages.DecodeJpeg(thumbnail, out var width, out var height);
        Assert.Equal((256, 171), (width, height));

        // 2400 x 1600 decoded at 1/8 (300 x 200) plus the 256 x 171 result, instead of 3.84 megapixels.
        Assert.Equal((300 * 200) + (256 * 171), budget.PeakInUse);
        Assert.True(budget.PeakInUse <= 2400 * 1600 / 16);

        // Against the area average of the whole decode (the ideal), the thumbnail differs by a mean of 5.7 per
        // channel (JPEG at quality 85 on sharp-edged discs, and Mitchell's slight sharpening); the whole decode
        // resized by Skia in one step, as the thumbnailer did before, aliases and differs by 6.1.
        var reference = ThumbnailImages.AreaAverage(jpeg, width, height);
        var wholeDecode = ThumbnailImages.Thumbnail(ImageDecoder.DecodeRgb(jpeg, "whole", new ImagePreprocessorOptions(), out _, out _), 2400, 1600, width, height);
        var mean = ThumbnailImages.MeanDifference(reference, rgb);
        var wholeDecodeMean = ThumbnailImages.MeanDifference(reference, wholeDecode);
        Assert.True(mean <= 8 && mean <= wholeDecodeMean, $"mean difference {mean:F2}, whole decode's {wholeDecodeMean:F2}");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task A_large_jpeg_turned_by_its_exif_orientation_comes_out_upright(int orientation)
    {
        // Stored 1600 x 800, left half red, right half blue. Orientation 6 turns it a quarter clockwise (left
        // goes to the top), 8 a quarter anticlockwise (left goes to the bottom).
        var jpeg = ThumbnailImages.WithOrientation(ThumbnailImages.Jpeg(ThumbnailImages.Halves(1600, 800)), orientation);
        var budget = new DecodeBudget(100_000_000);
        var thumbnailer = new SkiaImageThumbnailer(new ImagePreprocessorOptions(), budget);

        var thumbnail = await thumbnailer.CreateJpegThumbnailAsync(jpeg, 150);

        var rgb = ThumbnailImages.DecodeJpeg(thumbnail, out var width, out var height);
        Assert.Equal((75, 150), (width, height));
        var (top, bottom) = orientation == 6 ? (SKColors.Red, SKColors.Blue) : (SKColors.Blue, SKColors.Red);
        AssertColour(top, rgb, width, 37, 20);
        AssertColour(bottom, rgb, width, 37, 130);

        // Decoded at 1/8 (200 x 100), resized to 150 x 75, then turned once the decoded image is freed.
        Assert.Equal((200 * 100) + (150 * 75), budget.PeakInUse);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public async Task Every_exif_orientation_comes_out_as_pillow_turns_it(int orientation)
    {
        var file = $"orientation/orientation{orientation}.jpg";

        var thumbnail = await _thumbnailer.CreateJpegThumbnailAsync(TestImages.Read(file), 64);

        // The reference is Pillow's ImageOps.exif_transpose, passed through JPEG at quality 85 as the thumbnail is.
        var entry = TestImages.Entry("orientation", file);
        var (uprightWidth, uprightHeight) = (entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32());
        var rgb = ThumbnailImages.DecodeJpeg(thumbnail, out var width, out var height);
        Assert.Equal((uprightWidth, uprightHeight), (width, height));
        var reference = ThumbnailImages.Thumbnail(TestImages.Read(file + ".rgb"), width, height, width, height);
        Assert.True(TestImages.MaxDifference(reference, rgb) <= 1);
    }

    [Theory]
    [InlineData("formats/rgb8.png")]
    [InlineData("formats/rgba8.png")]
    [InlineData("formats/palette_transparent.png")]
    [InlineData("formats/lossless.webp")]
    [InlineData("formats/alpha.webp")]
    [InlineData("formats/transparent.gif")]
    [InlineData("formats/animated.gif")]
    [InlineData("formats/rgb24.bmp")]
    [InlineData("formats/top_down.bmp")]
    public async Task Other_formats_are_decoded_whole_then_resized(string file)
    {
        var budget = new DecodeBudget(1_000_000);
        var thumbnailer = new SkiaImageThumbnailer(new ImagePreprocessorOptions(), budget);

        var thumbnail = await thumbnailer.CreateJpegThumbnailAsync(TestImages.Read(file), 20);

        var rgb = ThumbnailImages.DecodeJpeg(thumbnail, out var width, out var height);
        Assert.Equal((20, 15), (width, height));
        Assert.Equal((40 * 30) + (20 * 15), budget.PeakInUse);

        // Alpha dropped with the colour under it kept, and GIF's transparent pixels filled, as the embedder decodes.
        var reference = ThumbnailImages.Thumbnail(TestImages.Read(file + ".rgb"), 40, 30, 20, 15);
        Assert.True(TestImages.MaxDifference(reference, rgb) <= 1);
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

    private static void AssertColour(SKColor expected, byte[] rgb, int width, int x, int y)
    {
        var at = ((y * width) + x) * 3;
        var actual = new SKColor(rgb[at], rgb[at + 1], rgb[at + 2]);
        Assert.True(
            Math.Abs(actual.Red - expected.Red) < 24 && Math.Abs(actual.Green - expected.Green) < 24 && Math.Abs(actual.Blue - expected.Blue) < 24,
            $"({x}, {y}) is {actual}, not {expected}");
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
