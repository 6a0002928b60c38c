using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// The vertical pass of Pillow's resampling: each output row is the rounded, clipped, fixed-point weighted
/// sum of a window of input rows, byte by byte (so it works on any pixel layout).
/// </summary>
internal static class VerticalPass
{
    /// <summary>Resamples rows.</summary>
    /// <param name="source">The input rows that the kernel's windows use, back to back, the first being input row <paramref name="firstRow"/>.</param>
    /// <param name="rowBytes">The bytes per row (input and output).</param>
    /// <param name="firstRow">The input row index of the first row in <paramref name="source"/>.</param>
    /// <param name="kernel">The vertical kernel.</param>
    /// <param name="destination">The <c>kernel.OutSize</c> output rows.</param>
    /// <param name="useSimd">Whether the SIMD pass may be used; both give the same bytes.</param>
    public static void Run(ReadOnlySpan<byte> source, int rowBytes, int firstRow, ResampleKernel kernel, Span<byte> destination, bool useSimd = true)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow, kernel.FirstInput);
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, (kernel.EndInput - firstRow) * rowBytes, nameof(source));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, kernel.OutSize * rowBytes, nameof(destination));
        var simd = useSimd && Avx2.IsSupported && kernel.FitsInt16;
        for (var y = 0; y < kernel.OutSize; y++)
        {
            var weights = kernel.Weights.AsSpan(y * kernel.Stride, kernel.Count[y]);
            var window = source[((kernel.Start[y] - firstRow) * rowBytes)..];
            var output = destination.Slice(y * rowBytes, rowBytes);
            var done = simd ? RowAvx2(window, rowBytes, weights, kernel.Precision, output) : 0;
            RowScalar(window, rowBytes, weights, kernel.Precision, output, done);
        }
    }

    private static void RowScalar(ReadOnlySpan<byte> window, int rowBytes, ReadOnlySpan<int> weights, int precision, Span<byte> output, int from)
    {
        var half = HorizontalPass.Rounding(precision);
        for (var i = from; i < rowBytes; i++)
        {
            var sum = half;
            for (var j = 0; j < weights.Length; j++)
            {
                sum += window[(j * rowBytes) + i] * weights[j];
            }

            output[i] = HorizontalPass.Clip(sum, precision);
        }
    }

    /// <summary>Computes the row 16 bytes at a time; returns how many bytes it did (the rest is left to the scalar loop).</summary>
    private static unsafe int RowAvx2(ReadOnlySpan<byte> window, int rowBytes, ReadOnlySpan<int> weights, int precision, Span<byte> output)
    {
        var end = rowBytes & ~15;
        var half = Vector256.Create(HorizontalPass.Rounding(precision));
        var taps = weights.Length;
        Span<int> pairs = stackalloc int[(taps + 1) / 2];
        for (var j = 0; j < taps; j += 2)
        {
            // Two 16-bit weights in one 32-bit lane: the low one multiplies row j, the high one row j + 1.
            var next = j + 1 < taps ? weights[j + 1] : 0;
            pairs[j / 2] = (ushort)weights[j] | (next << 16);
        }

        fixed (byte* rows = window)
        fixed (byte* target = output)
        {
            for (var i = 0; i < end; i += 16)
            {
                var low = Vector256<int>.Zero;
                var high = Vector256<int>.Zero;
                var pixels = rows + i;
                for (var j = 0; j < taps; j += 2)
                {
                    var k = Vector256.Create(pairs[j / 2]).AsInt16();
                    var a = Sse2.LoadVector128(pixels);
                    var b = j + 1 < taps ? Sse2.LoadVector128(pixels + rowBytes) : Vector128<byte>.Zero;
                    low = Avx2.Add(low, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Sse2.UnpackLow(a, b)), k));
                    high = Avx2.Add(high, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Sse2.UnpackHigh(a, b)), k));
                    pixels += 2 * (nint)rowBytes;
                }

                low = (low + half) >> precision;
                high = (high + half) >> precision;
                var words = Sse2.PackSignedSaturate(low.GetLower(), low.GetUpper());
                var words2 = Sse2.PackSignedSaturate(high.GetLower(), high.GetUpper());
                Sse2.Store(target + i, Sse2.PackUnsignedSaturate(words, words2));
            }
        }

        return end;
    }
}
