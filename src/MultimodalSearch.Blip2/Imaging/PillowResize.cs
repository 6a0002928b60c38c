namespace MultimodalSearch.Blip2.Imaging;

/// <summary>Pillow's <c>Image.resize</c> on raw 8-bit pixels, on its own (the preprocessor runs the same passes).</summary>
internal static class PillowResize
{
    /// <summary>Resizes interleaved 8-bit pixels with Pillow's bicubic filter.</summary>
    /// <param name="pixels">The input, <paramref name="width"/> x <paramref name="height"/> pixels of <paramref name="channels"/> bytes.</param>
    /// <param name="width">The input width.</param>
    /// <param name="height">The input height.</param>
    /// <param name="channels">Bytes per pixel, 1 to 4; each channel is resized on its own.</param>
    /// <param name="outWidth">The output width.</param>
    /// <param name="outHeight">The output height.</param>
    /// <param name="rounding">Pillow's 22-bit weights (default) or torchvision's 16-bit ones.</param>
    /// <param name="useSimd">Whether the SIMD passes may run (the result is the same).</param>
    /// <returns>The output pixels, same layout.</returns>
    public static byte[] ResizeBicubicPil(
        ReadOnlySpan<byte> pixels, int width, int height, int channels, int outWidth, int outHeight,
        CoefficientRounding rounding = CoefficientRounding.Pillow, bool useSimd = true) =>
        Resize(pixels, width, height, channels, outWidth, outHeight, ResampleFilter.Bicubic, rounding, useSimd);

    /// <summary>Resizes interleaved 8-bit pixels with a Pillow filter.</summary>
    /// <param name="pixels">The input, <paramref name="width"/> x <paramref name="height"/> pixels of <paramref name="channels"/> bytes.</param>
    /// <param name="width">The input width.</param>
    /// <param name="height">The input height.</param>
    /// <param name="channels">Bytes per pixel, 1 to 4; each channel is resized on its own.</param>
    /// <param name="outWidth">The output width.</param>
    /// <param name="outHeight">The output height.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="rounding">How weights become integers.</param>
    /// <param name="useSimd">Whether the SIMD passes may run (the result is the same).</param>
    /// <returns>The output pixels, same layout.</returns>
    public static byte[] Resize(
        ReadOnlySpan<byte> pixels, int width, int height, int channels, int outWidth, int outHeight,
        ResampleFilter filter, CoefficientRounding rounding, bool useSimd = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 4);
        ArgumentOutOfRangeException.ThrowIfNotEqual(pixels.Length, width * height * channels, nameof(pixels));

        // Pillow keeps every multi-channel 8-bit image as 4 bytes per pixel; so do the passes.
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            pixels.Slice(i * channels, channels).CopyTo(rgba.AsSpan(i * 4));
        }

        var plan = new ResamplePlan(width, height, outWidth, outHeight, filter, rounding) { UseSimd = useSimd };
        var rows = rgba.AsSpan((plan.FirstRow * width * 4)..(plan.EndRow * width * 4));
        var intermediate = new byte[plan.IntermediateBytes];
        plan.ResampleRows(rows, plan.FirstRow, plan.EndRow - plan.FirstRow, intermediate);
        var output = new byte[plan.OutputBytes];
        plan.ResampleColumns(intermediate, output);

        var result = new byte[outWidth * outHeight * channels];
        for (var i = 0; i < outWidth * outHeight; i++)
        {
            output.AsSpan(i * 4, channels).CopyTo(result.AsSpan(i * channels));
        }

        return result;
    }
}
