using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class ImageDecoderTests
{
    public static TheoryData<string> FormatFiles => TestImages.Files("formats");

    public static TheoryData<int> Orientations => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(FormatFiles))]
    public void Every_supported_kind_of_image_decodes_to_the_reference_colours(string file)
    {
        // The reference is Pillow's Image.open(file).convert("RGB"), except where the manifest notes a deliberate difference.
        var entry = TestImages.Entry("formats", file);
        var expected = TestImages.Read(file + ".rgb");

        var actual = TestImages.DecodeRgb(file, out var width, out var height);

        Assert.Equal(entry.GetProperty("width").GetInt32(), width);
        Assert.Equal(entry.GetProperty("height").GetInt32(), height);
        Assert.Equal(0, TestImages.MaxDifference(expected, actual));
    }

    [Theory]
    [InlineData("formats/rgba8.png")]
    [InlineData("formats/rgba16.png")]
    [InlineData("formats/alpha.webp")]
    public void A_fully_transparent_pixel_keeps_the_colour_stored_under_it(string file)
    {
        // Pixel (0, 0) has alpha 0 over (200, 100, 50): dropping alpha must neither premultiply (black) nor composite (white).
        var rgb = TestImages.DecodeRgb(file, out _, out _);

        Assert.Equal(new byte[] { 200, 100, 50 }, rgb[..3]);
    }

    [Fact]
    public void Sixteen_bit_greyscale_keeps_the_high_byte_instead_of_clipping_to_white_as_pillow_does()
    {
        var rgb = TestImages.DecodeRgb("formats/grey16.png", out var width, out _);

        // The generator stores grey = r * 257 + (x * 37 % 257) for r = (x * 6 + y) % 256 (row 1: row 0 starts
        // with the transparent-pixel marker colour). Pillow would give 255 for every value of 256 and above.
        const int Y = 1;
        for (var x = 0; x < width; x++)
        {
            var grey = ((((x * 6) + Y) % 256) * 257) + (x * 37 % 257);
            var high = (byte)(grey >> 8);
            var at = ((Y * width) + x) * 3;
            Assert.Equal(new[] { high, high, high }, rgb[at..(at + 3)]);
        }
    }

    [Fact]
    public void A_cmyk_jpeg_decodes_to_plausible_rgb()
    {
        var cmyk = TestImages.DecodeRgb("formats/cmyk.jpg", out _, out _);
        var rgb = TestImages.DecodeRgb("formats/baseline.jpg", out _, out _);

        // Both are lossy encodings of the same picture: colours agree to within JPEG error, not inverted or black.
        var mean = cmyk.Zip(rgb, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(mean, 0, 6);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void The_exif_orientation_is_honoured_when_asked(int orientation)
    {
        var file = $"orientation/orientation{orientation}.jpg";
        var entry = TestImages.Entry("orientation", file);

        var upright = TestImages.DecodeRgb(file, out var width, out var height, honorExif: true);

        // The reference is Pillow's ImageOps.exif_transpose.
        Assert.Equal(entry.GetProperty("width").GetInt32(), width);
        Assert.Equal(entry.GetProperty("height").GetInt32(), height);
        Assert.Equal(TestImages.Read(file + ".rgb"), upright);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void The_exif_orientation_is_ignored_by_default(int orientation)
    {
        var stored = TestImages.DecodeRgb("orientation/orientation1.jpg", out _, out _);

        var decoded = TestImages.DecodeRgb($"orientation/orientation{orientation}.jpg", out var width, out var height);

        Assert.Equal((40, 30), (width, height));
        Assert.Equal(stored, decoded);
    }
}
