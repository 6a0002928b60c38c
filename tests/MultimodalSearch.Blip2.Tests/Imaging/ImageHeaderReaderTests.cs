using System.Buffers.Binary;
using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class ImageHeaderReaderTests
{
    public static TheoryData<string> FormatFiles => TestImages.Files("formats");

    [Theory]
    [MemberData(nameof(FormatFiles))]
    public void The_header_gives_the_format_and_size_of_every_supported_kind(string file)
    {
        var entry = TestImages.Entry("formats", file);
        var expectedFormat = Path.GetExtension(file) switch
        {
            ".png" => ImageFormat.Png,
            ".jpg" => ImageFormat.Jpeg,
            ".webp" => ImageFormat.WebP,
            ".gif" => ImageFormat.Gif,
            _ => ImageFormat.Bmp,
        };

        var header = ImageHeaderReader.Read(TestImages.Read(file), file);

        Assert.Equal(expectedFormat, header.Format);
        Assert.Equal(entry.GetProperty("width").GetInt32(), header.Width);
        Assert.Equal(entry.GetProperty("height").GetInt32(), header.Height);
    }

    [Fact]
    public void A_png_header_alone_gives_its_declared_size()
    {
        var header = ImageHeaderReader.Read(CraftedImages.PngHeader(100_000, 100_000), "huge.png");

        Assert.Equal(new ImageHeader(ImageFormat.Png, 100_000, 100_000), header);
        Assert.Equal(10_000_000_000, header.Pixels);
    }

    [Fact]
    public void The_pixel_count_of_the_largest_declarable_png_does_not_overflow()
    {
        var header = ImageHeaderReader.Read(CraftedImages.PngHeader(uint.MaxValue, uint.MaxValue), "max.png");

        Assert.Equal(long.MaxValue, header.Pixels);
    }

    [Fact]
    public void A_bottom_up_and_a_top_down_bmp_have_the_same_size()
    {
        var bmp = TestImages.Read("formats/rgb24.bmp");
        var topDown = bmp.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(topDown.AsSpan(22), -30);

        Assert.Equal(ImageHeaderReader.Read(bmp, "a.bmp"), ImageHeaderReader.Read(topDown, "b.bmp"));
    }

    [Theory]
    [InlineData("unsupported/image.tiff", "TIFF")]
    [InlineData("unsupported/image.ico", "ICO")]
    [InlineData("unsupported/image.svg", "SVG")]
    public void A_known_but_unsupported_format_is_named(string file, string format)
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read(TestImages.Read(file), file));

        Assert.Equal(file, exception.ImageName);
        Assert.StartsWith($"not a supported image format (detected: {format};", exception.Reason);
    }

    [Theory]
    [InlineData("0000001866747970686569630000000068656963", "HEIF/HEIC")]
    [InlineData("0000001c6674797061766966000000006d696631", "AVIF")]
    [InlineData("255044462d312e370a25", "PDF")]
    [InlineData("38425053000100000000", "PSD")]
    [InlineData("50360a3430203330", "PNM (Netpbm)")]
    [InlineData("ff0aff0aff0aff0aff0a", "JPEG XL")]
    public void Signatures_of_other_formats_are_recognised(string hex, string format)
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read(Convert.FromHexString(hex), "upload"));

        Assert.Contains($"(detected: {format};", exception.Reason);
    }

    [Theory]
    [InlineData("hello, this is text")]
    [InlineData("BM but not a bitmap, just text")]
    [InlineData("<html><body>not an image</body></html>")]
    public void Content_that_is_no_image_is_called_not_an_image(string text)
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "photo.jpg"));

        Assert.StartsWith("not an image", exception.Reason);
    }

    [Fact]
    public void Empty_content_is_called_empty()
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read([], "empty.png"));

        Assert.Equal("the file is empty", exception.Reason);
        Assert.Equal("empty.png", exception.ImageName);
    }

    [Theory]
    [InlineData("formats/rgb8.png", 20)]
    [InlineData("formats/baseline.jpg", 100)]
    [InlineData("formats/lossy.webp", 24)]
    [InlineData("formats/rgb24.bmp", 20)]
    [InlineData("formats/transparent.gif", 8)]
    public void A_header_cut_short_is_called_truncated(string file, int keep)
    {
        var cut = TestImages.Read(file)[..keep];

        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read(cut, file));

        Assert.StartsWith("truncated or corrupt image data", exception.Reason);
    }

    [Fact]
    public void A_declared_size_of_zero_is_called_corrupt()
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageHeaderReader.Read(CraftedImages.PngHeader(0, 30), "zero.png"));

        Assert.Equal("truncated or corrupt image data (the header declares 0 x 30 pixels)", exception.Reason);
    }
}
