using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class ResampleKernelTests
{
    // By hand: bicubic is (a+2)|x|^3 - (a+3)|x|^2 + 1 below 1 and a|x|^3 - 5a|x|^2 + 8a|x| - 4a below 2, with
    // a = -0.5 (Keys); bilinear is the triangle 1 - |x|. Both are even functions.
    [Theory]
    [InlineData("Bicubic", 0.0, 1.0)]
    [InlineData("Bicubic", 0.5, 0.5625)]
    [InlineData("Bicubic", 1.0, 0.0)]
    [InlineData("Bicubic", 1.5, -0.0625)]
    [InlineData("Bicubic", 2.0, 0.0)]
    [InlineData("Bicubic", 3.0, 0.0)]
    [InlineData("Bilinear", 0.0, 1.0)]
    [InlineData("Bilinear", 0.25, 0.75)]
    [InlineData("Bilinear", 1.0, 0.0)]
    public void The_filters_follow_their_formulas_on_both_sides(string filterName, double x, double expected)
    {
        var filter = Enum.Parse<ResampleFilter>(filterName);

        Assert.Equal(expected, ResampleKernel.Evaluate(filter, x), 12);
        Assert.Equal(expected, ResampleKernel.Evaluate(filter, -x), 12);
    }

    [Theory]
    [InlineData(640, 224)]
    [InlineData(97, 224)]
    [InlineData(5000, 224)]
    [InlineData(224, 7)]
    public void Each_output_pixels_weights_sum_to_one_in_fixed_point(int inSize, int outSize)
    {
        foreach (var rounding in new[] { CoefficientRounding.Pillow, CoefficientRounding.TorchVision })
        {
            var kernel = ResampleKernel.Compute(inSize, outSize, ResampleFilter.Bicubic, rounding);

            for (var i = 0; i < outSize; i++)
            {
                var sum = kernel.Weights.AsSpan(i * kernel.Stride, kernel.Count[i]).ToArray().Sum();

                // Each weight is rounded on its own: the sum is off by at most half a unit per tap.
                Assert.InRange(sum, (1 << kernel.Precision) - kernel.Count[i], (1 << kernel.Precision) + kernel.Count[i]);
            }
        }
    }

    [Fact]
    public void Shrinking_widens_the_window_to_antialias()
    {
        // 640 -> 224: scale 2.857, support 2 * 2.857 = 5.71 input pixels each side of the centre.
        var kernel = ResampleKernel.Compute(640, 224, ResampleFilter.Bicubic, CoefficientRounding.Pillow);

        // Output 0's centre is at 1.43: its window is int(1.43 - 5.71 + 0.5) = -3, clamped to 0, up to int(1.43 + 5.71 + 0.5) = 7.
        Assert.Equal(0, kernel.Start[0]);
        Assert.Equal(7, kernel.Count[0]);

        // Output 112's centre is at 321.43: from int(321.43 - 5.71 + 0.5) = 316 up to int(321.43 + 5.71 + 0.5) = 327.
        Assert.Equal(316, kernel.Start[112]);
        Assert.Equal(11, kernel.Count[112]);
        Assert.Equal(640, kernel.EndInput);
    }

    [Fact]
    public void Enlarging_keeps_the_four_tap_window()
    {
        var kernel = ResampleKernel.Compute(97, 224, ResampleFilter.Bicubic, CoefficientRounding.Pillow);

        Assert.All(kernel.Count, count => Assert.InRange(count, 2, 5));
    }

    [Theory]
    [InlineData(640, 224, 16)]
    [InlineData(97, 224, 14)]
    [InlineData(5000, 224, 19)]
    public void Torchvision_rounding_uses_the_most_precision_that_fits_16_bits(int inSize, int outSize, int expectedPrecision)
    {
        var kernel = ResampleKernel.Compute(inSize, outSize, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);

        Assert.Equal(expectedPrecision, kernel.Precision);
        Assert.True(kernel.FitsInt16);
        Assert.All(kernel.Weights, w => Assert.InRange(w, short.MinValue, short.MaxValue));
    }

    [Fact]
    public void Pillow_rounding_uses_22_bits_which_do_not_fit_16()
    {
        var kernel = ResampleKernel.Compute(640, 224, ResampleFilter.Bicubic, CoefficientRounding.Pillow);

        Assert.Equal(22, kernel.Precision);
        Assert.False(kernel.FitsInt16);
        Assert.Null(kernel.Packed);
    }

    [Fact]
    public void The_weights_of_a_symmetric_resize_mirror_each_other()
    {
        var kernel = ResampleKernel.Compute(100, 30, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);

        for (var i = 0; i < 30; i++)
        {
            var mirror = 29 - i;
            Assert.Equal(kernel.Count[i], kernel.Count[mirror]);
            Assert.Equal(100 - kernel.Start[i] - kernel.Count[i], kernel.Start[mirror]);
            var weights = kernel.Weights.AsSpan(i * kernel.Stride, kernel.Count[i]).ToArray();
            var mirrored = kernel.Weights.AsSpan(mirror * kernel.Stride, kernel.Count[mirror]).ToArray();
            Assert.Equal(weights, mirrored.Reverse());
        }
    }

    [Fact]
    public void Kernels_are_shared_from_the_cache()
    {
        var first = ResampleKernel.For(641, 224, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);
        var second = ResampleKernel.For(641, 224, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);

        Assert.Same(first, second);
        Assert.NotSame(first, ResampleKernel.For(641, 224, ResampleFilter.Bicubic, CoefficientRounding.Pillow));
    }

    [Fact]
    public void The_typical_horizontal_pass_gets_packed_weights_that_never_read_past_the_row()
    {
        var kernel = ResampleKernel.Compute(640, 224, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);

        var packed = kernel.Packed;

        Assert.NotNull(packed);
        Assert.Equal(3, packed.Groups);
        Assert.All(packed.Start, start => Assert.InRange(start, 0, 640 - (packed.Groups * 4)));
    }
}
