using System.Runtime.CompilerServices;
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

    /// <summary>Computes the row 32 bytes at a time; returns how many bytes it did (the rest is left to the scalar loop).</summary>
    private static unsafe int RowAvx2(ReadOnlySpan<byte> window, int rowBytes, ReadOnlySpan<int> weights, int precision, Span<byte> output)
    {
        var end = rowBytes & ~31;
        var half = Vector256.Create(HorizontalPass.Rounding(precision));
        var taps = weights.Length;
        Span<int> pairs = stackalloc int[(taps + 1) / 2];
        for (var j = 0; j < taps; j += 2)
        {
            // Two 16-bit weights in one 32-bit lane: the low one multiplies row j, the high one row j + 1.
            var next = j + 1 < taps ? weights[j + 1] : 0;
            pairs[j / 2] = (ushort)weights[j] | (next << 16);
        }

        var evenTaps = taps & ~1;
        fixed (byte* rows = window)
        fixed (byte* target = output)
        fixed (int* k = pairs)
        {
            for (var i = 0; i < end; i += 32)
            {
                var s0 = Vector256<int>.Zero;
                var s1 = Vector256<int>.Zero;
                var s2 = Vector256<int>.Zero;
                var s3 = Vector256<int>.Zero;
                var pixels = rows + i;
                var j = 0;
                for (; j < evenTaps; j += 2)
                {
                    var weight = Vector256.Create(k[j / 2]).AsInt16();
                    Accumulate(Avx.LoadVector256(pixels), Avx.LoadVector256(pixels + rowBytes), weight, ref s0, ref s1, ref s2, ref s3);
                    pixels += 2 * (nint)rowBytes;
                }

                if (j < taps)
                {
                    Accumulate(Avx.LoadVector256(pixels), Vector256<byte>.Zero, Vector256.Create(k[j / 2]).AsInt16(), ref s0, ref s1, ref s2, ref s3);
                }

                // The unpacks interleaved within 128-bit lanes; packing back within lanes restores the byte order.
                var low = Avx2.PackSignedSaturate((s0 + half) >> precision, (s1 + half) >> precision);
                var high = Avx2.PackSignedSaturate((s2 + half) >> precision, (s3 + half) >> precision);
                Avx.Store(target + i, Avx2.PackUnsignedSaturate(low, high));
            }
        }

        return end;
    }

    /// <summary>Adds weight.low x row a + weight.high x row b for 32 bytes, as four vectors of 8 sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector256<byte> a, Vector256<byte> b, Vector256<short> weight, ref Vector256<int> s0, ref Vector256<int> s1, ref Vector256<int> s2, ref Vector256<int> s3)
    {
        var low = Avx2.UnpackLow(a, b);
        var high = Avx2.UnpackHigh(a, b);
        s0 += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(low, Vector256<byte>.Zero).AsInt16(), weight);
        s1 += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(low, Vector256<byte>.Zero).AsInt16(), weight);
        s2 += Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(high, Vector256<byte>.Zero).AsInt16(), weight);
        s3 += Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(high, Vector256<byte>.Zero).AsInt16(), weight);
    }
}
