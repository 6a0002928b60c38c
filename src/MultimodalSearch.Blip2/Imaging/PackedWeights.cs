namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// A horizontal kernel's weights laid out for the 16-bit SIMD pass: every window widened to a multiple of 4
/// taps and moved left where needed so that it stays inside the row (no read past the last pixel), the
/// extra taps weighted 0; each group of 4 taps stored as 16 shorts, <c>k0 k1</c> x 4 then <c>k2 k3</c> x 4,
/// the order in which a multiply-add of interleaved pixel pairs wants them.
/// </summary>
internal sealed class PackedWeights
{
    /// <summary>The shorts per group of 4 taps.</summary>
    public const int ShortsPerGroup = 16;

    private PackedWeights(int outSize, int groups)
    {
        Groups = groups;
        Start = new int[outSize];
        Values = new short[outSize * groups * ShortsPerGroup];
    }

    /// <summary>Gets the number of 4-tap groups per output pixel.</summary>
    public int Groups { get; }

    /// <summary>Gets, per output pixel, the first input pixel its widened window reads.</summary>
    public int[] Start { get; }

    /// <summary>Gets the packed weights: output i's groups start at <c>i * Groups * ShortsPerGroup</c>.</summary>
    public short[] Values { get; }

    /// <summary>Packs a kernel's weights, or returns null when they do not fit 16 bits or the row is narrower than a widened window.</summary>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The packed weights, or null.</returns>
    public static PackedWeights? TryCreate(ResampleKernel kernel)
    {
        var groups = (kernel.Stride + 3) / 4;
        var taps = groups * 4;
        if (!kernel.FitsInt16 || kernel.InSize < taps)
        {
            return null;
        }

        var packed = new PackedWeights(kernel.OutSize, groups);
        Span<short> window = stackalloc short[taps];
        for (var i = 0; i < kernel.OutSize; i++)
        {
            var start = Math.Min(kernel.Start[i], kernel.InSize - taps);
            var shift = kernel.Start[i] - start;
            window.Clear();
            for (var j = 0; j < kernel.Count[i]; j++)
            {
                window[shift + j] = (short)kernel.Weights[(i * kernel.Stride) + j];
            }

            packed.Start[i] = start;
            var target = packed.Values.AsSpan(i * groups * ShortsPerGroup, groups * ShortsPerGroup);
            for (var g = 0; g < groups; g++)
            {
                var group = target.Slice(g * ShortsPerGroup, ShortsPerGroup);
                for (var lane = 0; lane < 4; lane++)
                {
                    group[lane * 2] = window[(g * 4) + 0];
                    group[(lane * 2) + 1] = window[(g * 4) + 1];
                    group[8 + (lane * 2)] = window[(g * 4) + 2];
                    group[8 + (lane * 2) + 1] = window[(g * 4) + 3];
                }
            }
        }

        return packed;
    }
}
