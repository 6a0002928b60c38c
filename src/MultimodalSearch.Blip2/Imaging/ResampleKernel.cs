using System.Collections.Concurrent;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// The fixed-point weights of one resampling pass (one axis, one input and output size), computed as
/// Pillow's <c>precompute_coeffs</c> does: for each output index, a window of input indices and one weight
/// per index (normalised to sum to 1, antialiased when shrinking), then scaled to integers.
/// Immutable and shared between threads.
/// </summary>
internal sealed class ResampleKernel
{
    private const int PillowPrecisionBits = 32 - 8 - 2;
    private const int MaxCachedKernels = 64;

    // Kernels for longer inputs are large (weights for about 4 x the input size) and rare: computed, not kept.
    private const int MaxCachedInputSize = 8192;
    private static readonly ConcurrentDictionary<(int, int, ResampleFilter, CoefficientRounding), ResampleKernel> Cache = new();

    private ResampleKernel(int inSize, int outSize, int stride, int precision)
    {
        InSize = inSize;
        OutSize = outSize;
        Stride = stride;
        Precision = precision;
        Start = new int[outSize];
        Count = new int[outSize];
        Weights = new int[outSize * stride];
    }

    /// <summary>Gets the input size (pixels along the axis).</summary>
    public int InSize { get; }

    /// <summary>Gets the output size.</summary>
    public int OutSize { get; }

    /// <summary>Gets the number of fractional bits of <see cref="Weights"/>.</summary>
    public int Precision { get; }

    /// <summary>Gets the distance between two output indices' weights in <see cref="Weights"/> (the widest window).</summary>
    public int Stride { get; }

    /// <summary>Gets, per output index, the first input index of its window.</summary>
    public int[] Start { get; }

    /// <summary>Gets, per output index, how many input indices its window covers.</summary>
    public int[] Count { get; }

    /// <summary>Gets the weights: output index i uses <c>Weights[i * Stride + j]</c> for input <c>Start[i] + j</c>, j &lt; <c>Count[i]</c>; the rest are 0.</summary>
    public int[] Weights { get; }

    /// <summary>Gets a value indicating whether every weight fits in 16 bits (so the SIMD passes can use 16-bit multiplies).</summary>
    public bool FitsInt16 { get; private set; }

    /// <summary>Gets the weights laid out for the 16-bit SIMD horizontal pass, or null where that pass cannot run.</summary>
    public PackedWeights? Packed { get; private set; }

    /// <summary>Gets the first input index any window uses.</summary>
    public int FirstInput => Start[0];

    /// <summary>Gets one past the last input index any window uses.</summary>
    public int EndInput => Start[OutSize - 1] + Count[OutSize - 1];

    /// <summary>Gets the kernel for resampling <paramref name="inSize"/> to <paramref name="outSize"/>, from a small shared cache (bounded in count and size).</summary>
    /// <param name="inSize">The input size, at least 1.</param>
    /// <param name="outSize">The output size, at least 1.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="rounding">How weights become integers.</param>
    /// <returns>The kernel.</returns>
    public static ResampleKernel For(int inSize, int outSize, ResampleFilter filter, CoefficientRounding rounding)
    {
        if (inSize > MaxCachedInputSize)
        {
            return Compute(inSize, outSize, filter, rounding);
        }

        var key = (inSize, outSize, filter, rounding);
        if (Cache.TryGetValue(key, out var kernel))
        {
            return kernel;
        }

        kernel = Compute(inSize, outSize, filter, rounding);
        if (Cache.Count >= MaxCachedKernels)
        {
            // Inputs of many different sizes: start over rather than grow without bound.
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, kernel);
    }

    /// <summary>Computes a kernel without the cache.</summary>
    /// <param name="inSize">The input size, at least 1.</param>
    /// <param name="outSize">The output size, at least 1.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="rounding">How weights become integers.</param>
    /// <returns>The kernel.</returns>
    internal static ResampleKernel Compute(int inSize, int outSize, ResampleFilter filter, CoefficientRounding rounding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outSize, 1);
        var support = filter switch
        {
            ResampleFilter.Bilinear => 1.0,
            ResampleFilter.Bicubic => 2.0,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unsupported resampling filter."),
        };

        // Same double arithmetic, in the same order, as Pillow's precompute_coeffs (and torchvision's copy of it).
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        var maxTaps = ((int)Math.Ceiling(support) * 2) + 1;
        var inverse = 1.0 / filterScale;

        var weights = new double[outSize * maxTaps];
        var starts = new int[outSize];
        var counts = new int[outSize];
        var widest = 1;
        var largest = 0.0;
        for (var i = 0; i < outSize; i++)
        {
            var centre = (i + 0.5) * scale;
            var min = Math.Max((int)(centre - support + 0.5), 0);
            var count = Math.Min((int)(centre + support + 0.5), inSize) - min;
            var row = weights.AsSpan(i * maxTaps, maxTaps);
            var total = 0.0;
            for (var j = 0; j < count; j++)
            {
                var w = Evaluate(filter, (j + min - centre + 0.5) * inverse);
                row[j] = w;
                total += w;
            }

            for (var j = 0; j < count; j++)
            {
                if (total != 0.0)
                {
                    row[j] /= total;
                }

                largest = Math.Max(largest, row[j]);
            }

            starts[i] = min;
            counts[i] = count;
            widest = Math.Max(widest, count);
        }

        var precision = rounding == CoefficientRounding.Pillow ? PillowPrecisionBits : TorchVisionPrecision(largest);
        var kernel = new ResampleKernel(inSize, outSize, widest, precision);
        starts.CopyTo(kernel.Start, 0);
        counts.CopyTo(kernel.Count, 0);
        var fitsInt16 = true;
        for (var i = 0; i < outSize; i++)
        {
            for (var j = 0; j < counts[i]; j++)
            {
                var w = weights[(i * maxTaps) + j] * (1 << precision);
                var fixedPoint = (int)(w < 0 ? w - 0.5 : w + 0.5);
                kernel.Weights[(i * widest) + j] = fixedPoint;
                fitsInt16 &= fixedPoint is >= short.MinValue and <= short.MaxValue;
            }
        }

        kernel.FitsInt16 = fitsInt16;
        kernel.Packed = PackedWeights.TryCreate(kernel);
        return kernel;
    }

    /// <summary>Evaluates a filter at <paramref name="x"/> with Pillow's formulas.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="x">The distance from the output pixel's centre, in filter units.</param>
    /// <returns>The filter's value.</returns>
    internal static double Evaluate(ResampleFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == ResampleFilter.Bilinear)
        {
            return x < 1.0 ? 1.0 - x : 0.0;
        }

        const double A = -0.5;
        if (x < 1.0)
        {
            return ((((A + 2.0) * x) - (A + 3.0)) * x * x) + 1;
        }

        return x < 2.0 ? ((((((x - 5) * x) + 8) * x) - 4) * A) : 0.0;
    }

    /// <summary>
    /// torchvision's rule: the most fractional bits (at most 22) for which the largest weight, scaled with
    /// one more bit, still stays below 2^15; so every weight fits in 16 bits.
    /// </summary>
    private static int TorchVisionPrecision(double largestWeight)
    {
        var precision = 0;
        while (precision < PillowPrecisionBits && (int)(0.5 + (largestWeight * (1 << (precision + 1)))) < (1 << 15))
        {
            precision++;
        }

        return precision;
    }
}
