namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// Turns 8-bit RGBA pixels into the model's planar float input (R plane, G plane, B plane), rescaled and
/// normalised with one lookup per value. The table holds exactly what Hugging Face's fast image processor
/// computes in float32: with both steps on, <c>(v - mean * (1 / rescale)) / (std * (1 / rescale))</c>,
/// its fused form, each product rounded to float32.
/// </summary>
internal sealed class PixelNormalizer
{
    private readonly float[] _table = new float[3 * 256];

    /// <summary>Builds the lookup table for a configuration.</summary>
    /// <param name="config">The preprocessor configuration.</param>
    public PixelNormalizer(PreprocessorConfig config)
    {
        var inverse = (float)(1.0 / config.RescaleFactor);
        for (var c = 0; c < 3; c++)
        {
            var mean = config.DoRescale ? config.Mean[c] * inverse : config.Mean[c];
            var std = config.DoRescale ? config.Std[c] * inverse : config.Std[c];
            for (var v = 0; v < 256; v++)
            {
                _table[(c * 256) + v] = config.DoNormalize ? (v - mean) / std
                    : config.DoRescale ? v * config.RescaleFactor
                    : v;
            }
        }
    }

    /// <summary>Gets the value an 8-bit sample of a channel becomes.</summary>
    /// <param name="channel">0 (R), 1 (G) or 2 (B).</param>
    /// <param name="value">The 8-bit value.</param>
    /// <returns>The model input value.</returns>
    public float this[int channel, byte value] => _table[(channel * 256) + value];

    /// <summary>Writes the three planes of an RGBA image (alpha ignored).</summary>
    /// <param name="rgba">The pixels, 4 bytes each.</param>
    /// <param name="destination">3 planes of <c>rgba.Length / 4</c> values.</param>
    public unsafe void Write(ReadOnlySpan<byte> rgba, Span<float> destination)
    {
        var count = rgba.Length / 4;
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, 3 * count, nameof(destination));
        fixed (byte* pixels = rgba)
        fixed (float* planes = destination)
        fixed (float* table = _table)
        {
            var red = planes;
            var green = planes + count;
            var blue = planes + (2 * count);
            for (var i = 0; i < count; i++)
            {
                var pixel = pixels + (i * 4);
                red[i] = table[pixel[0]];
                green[i] = table[256 + pixel[1]];
                blue[i] = table[512 + pixel[2]];
            }
        }
    }
}
