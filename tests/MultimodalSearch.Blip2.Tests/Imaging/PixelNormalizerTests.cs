using MultimodalSearch.Blip2.Imaging;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class PixelNormalizerTests
{
    // Values worked out by hand in double precision; the table is float32.
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(0, 0, -1.7922626)] // (0 - 0.48145466) / 0.26862954
    [InlineData(0, 255, 1.9303361)] // (1 - 0.48145466) / 0.26862954
    [InlineData(1, 255, 2.0748838)] // (1 - 0.4578275) / 0.26130258
    [InlineData(2, 255, 2.1458968)] // (1 - 0.40821073) / 0.27577711
    [InlineData(2, 128, 0.3399486)] // (128/255 - 0.40821073) / 0.27577711
    public void Values_are_rescaled_then_normalised_per_channel(int channel, byte value, double expected)
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig);

        Assert.Equal((float)expected, normalizer[channel, value], Tolerance);
    }

    [Fact]
    public void Without_normalising_values_are_only_rescaled()
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig with { DoNormalize = false });

        Assert.Equal(0f, normalizer[0, 0]);
        Assert.Equal(1f, normalizer[1, 255], Tolerance);
        Assert.Equal(0.2f, normalizer[2, 51], Tolerance);
    }

    [Fact]
    public void Without_rescaling_the_mean_and_std_apply_to_raw_values()
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig with { DoRescale = false, Mean = [100, 0, 0], Std = [2, 1, 1] });

        Assert.Equal(-50f, normalizer[0, 0]);
        Assert.Equal(77.5f, normalizer[0, 255]);
        Assert.Equal(255f, normalizer[1, 255]);
    }

    [Fact]
    public void Neither_step_leaves_the_8_bit_values()
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig with { DoRescale = false, DoNormalize = false });

        Assert.Equal(200f, normalizer[2, 200]);
    }

    [Fact]
    public void Pixels_are_written_as_red_green_and_blue_planes_ignoring_alpha()
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig with { DoRescale = false, DoNormalize = false });
        byte[] rgba = [1, 2, 3, 4, 5, 6, 7, 8];
        var planes = new float[6];

        normalizer.Write(rgba, planes);

        Assert.Equal([1f, 5f, 2f, 6f, 3f, 7f], planes);
    }
}
