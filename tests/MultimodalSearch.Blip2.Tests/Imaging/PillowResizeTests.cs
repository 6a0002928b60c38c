using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class PillowResizeTests
{
    public static TheoryData<int, int, int, int> Sizes => new()
    {
        { 640, 480, 224, 224 },
        { 97, 131, 224, 224 },
        { 224, 224, 224, 224 },
        { 300, 400, 224, 224 },
        { 8, 8, 3, 5 },
        { 5, 3, 224, 224 },
        { 1, 1, 7, 7 },
        { 1000, 3, 224, 224 },
        { 3, 1000, 224, 224 },
        { 225, 223, 224, 224 },
        { 200, 151, 13, 77 },
        { 50, 300, 37, 29 },
    };

    public static TheoryData<string> Roundings => new() { nameof(CoefficientRounding.Pillow), nameof(CoefficientRounding.TorchVision) };

    public static TheoryData<string, string> References()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in TestImages.Entries("resize"))
        {
            var name = $"{entry.GetProperty("filter").GetString()}_{entry.GetProperty("width").GetInt32()}x{entry.GetProperty("height").GetInt32()}";
            data.Add(name, nameof(CoefficientRounding.Pillow));
            data.Add(name, nameof(CoefficientRounding.TorchVision));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(References))]
    public void Resizing_matches_the_reference_implementation_byte_for_byte(string name, string roundingName)
    {
        var rounding = Enum.Parse<CoefficientRounding>(roundingName);
        var entry = TestImages.Entries("resize").Single(e => $"{e.GetProperty("filter").GetString()}_{e.GetProperty("width").GetInt32()}x{e.GetProperty("height").GetInt32()}" == name);
        var source = TestImages.Read(entry.GetProperty("source").GetString()!);
        var expected = TestImages.Read(entry.GetProperty(rounding == CoefficientRounding.Pillow ? "pillow" : "torchvision").GetString()!);
        var filter = entry.GetProperty("filter").GetString() == "bilinear" ? ResampleFilter.Bilinear : ResampleFilter.Bicubic;

        var actual = PillowResize.Resize(
            source, entry.GetProperty("sourceWidth").GetInt32(), entry.GetProperty("sourceHeight").GetInt32(), 3,
            entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32(), filter, rounding);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void A_constant_image_stays_constant(int width, int height, int outWidth, int outHeight)
    {
        foreach (var rounding in new[] { CoefficientRounding.Pillow, CoefficientRounding.TorchVision })
        {
            foreach (var value in new byte[] { 0, 1, 77, 254, 255 })
            {
                var pixels = Enumerable.Repeat(value, width * height * 3).ToArray();

                var resized = PillowResize.ResizeBicubicPil(pixels, width, height, 3, outWidth, outHeight, rounding);

                Assert.All(resized, v => Assert.Equal(value, v));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Roundings))]
    public void Resizing_to_the_same_size_returns_the_image_unchanged(string roundingName)
    {
        var rounding = Enum.Parse<CoefficientRounding>(roundingName);
        var pixels = TestImages.Noise(37, 23, 4, seed: 1);

        var resized = PillowResize.ResizeBicubicPil(pixels, 37, 23, 4, 37, 23, rounding);

        Assert.Equal(pixels, resized);
    }

    [Theory]
    [InlineData(300, 20)]
    [InlineData(20, 300)]
    [InlineData(224, 9)]
    public void Resizing_a_gradient_keeps_it_monotonic(int width, int outWidth)
    {
        // A horizontal ramp 0..255: bicubic overshoot could only break monotonicity at a step, and a ramp has none.
        var pixels = new byte[width * 2];
        for (var x = 0; x < width; x++)
        {
            pixels[x] = pixels[width + x] = (byte)(x * 255 / (width - 1));
        }

        var resized = PillowResize.ResizeBicubicPil(pixels, width, 2, 1, outWidth, 2);

        for (var x = 1; x < outWidth; x++)
        {
            Assert.True(resized[x] >= resized[x - 1], $"value at {x} ({resized[x]}) is below the one before ({resized[x - 1]})");
        }

        Assert.True(resized[outWidth - 1] > resized[0]);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Mirroring_the_input_mirrors_the_output(int width, int height, int outWidth, int outHeight)
    {
        // The kernel is symmetric and the sample positions are symmetric about the centre.
        var pixels = TestImages.Noise(width, height, 1, seed: width + height);
        var mirrored = new byte[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mirrored[(y * width) + x] = pixels[(y * width) + (width - 1 - x)];
            }
        }

        var resized = PillowResize.ResizeBicubicPil(pixels, width, height, 1, outWidth, outHeight);
        var resizedMirror = PillowResize.ResizeBicubicPil(mirrored, width, height, 1, outWidth, outHeight);

        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                Assert.Equal(resized[(y * outWidth) + x], resizedMirror[(y * outWidth) + (outWidth - 1 - x)]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_simd_passes_give_the_same_bytes_as_the_scalar_ones(int width, int height, int outWidth, int outHeight)
    {
        var pixels = TestImages.Noise(width, height, 4, seed: 3);

        foreach (var rounding in new[] { CoefficientRounding.Pillow, CoefficientRounding.TorchVision })
        {
            var simd = PillowResize.ResizeBicubicPil(pixels, width, height, 4, outWidth, outHeight, rounding, useSimd: true);
            var scalar = PillowResize.ResizeBicubicPil(pixels, width, height, 4, outWidth, outHeight, rounding, useSimd: false);

            Assert.Equal(scalar, simd);
        }
    }

    [Fact]
    public void Each_channel_is_resized_on_its_own()
    {
        var rgba = TestImages.Noise(31, 17, 4, seed: 5);
        var green = rgba.Where((_, i) => i % 4 == 1).ToArray();

        var resized = PillowResize.ResizeBicubicPil(rgba, 31, 17, 4, 12, 40);
        var resizedGreen = PillowResize.ResizeBicubicPil(green, 31, 17, 1, 12, 40);

        Assert.Equal(resizedGreen, resized.Where((_, i) => i % 4 == 1).ToArray());
    }

    [Fact]
    public void Upscaling_two_pixels_interpolates_between_them_with_overshoot_clipped()
    {
        // 2 -> 4 pixels: outputs sit at input positions -0.25, 0.25, 0.75, 1.25 (in pixel centres),
        // so the outer ones extrapolate beyond the inputs and must be clipped to 0..255.
        var resized = PillowResize.ResizeBicubicPil([0, 255], 2, 1, 1, 4, 1);

        Assert.Equal(0, resized[0]);
        Assert.InRange(resized[1], 1, 127);
        Assert.InRange(resized[2], 128, 254);
        Assert.Equal(255, resized[3]);
        Assert.Equal(255, resized[1] + resized[2]);
    }

    [Fact]
    public void A_size_mismatch_between_pixels_and_dimensions_is_refused()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => PillowResize.ResizeBicubicPil(new byte[10], 2, 2, 3, 4, 4));

        Assert.Equal("pixels", exception.ParamName);
    }
}
