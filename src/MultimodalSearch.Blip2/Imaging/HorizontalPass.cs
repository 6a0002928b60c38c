using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// The horizontal pass of Pillow's resampling on 4-byte pixels: each output pixel of a row is the rounded,
/// clipped, fixed-point weighted sum of a window of input pixels of the same row.
/// </summary>
internal static class HorizontalPass
{
    /// <summary>Gets a value indicating whether the 16-bit SIMD pass can run on this machine.</summary>
    public static bool SimdSupported => Avx2.IsSupported;

    /// <summary>Resamples <paramref name="rows"/> rows.</summary>
    /// <param name="source">The input rows, <c>kernel.InSize</c> pixels of 4 bytes each, back to back.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="kernel">The horizontal kernel.</param>
    /// <param name="destination">The output rows, <c>kernel.OutSize</c> pixels each.</param>
    /// <param name="useSimd">Whether the SIMD pass may be used; both give the same bytes.</param>
    public static void Run(ReadOnlySpan<byte> source, int rows, ResampleKernel kernel, Span<byte> destination, bool useSimd = true)
    {
        var inRow = kernel.InSize * 4;
        var outRow = kernel.OutSize * 4;
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, rows * inRow, nameof(source));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, rows * outRow, nameof(destination));
        if (useSimd && SimdSupported && kernel.Packed is { } packed)
        {
            RunAvx2(source, rows, kernel, packed, destination);
            return;
        }

        for (var y = 0; y < rows; y++)
        {
            RunScalar(source.Slice(y * inRow, inRow), kernel, destination.Slice(y * outRow, outRow));
        }
    }

    private static void RunScalar(ReadOnlySpan<byte> row, ResampleKernel kernel, Span<byte> output)
    {
        var half = Rounding(kernel.Precision);
        for (var x = 0; x < kernel.OutSize; x++)
        {
            var weights = kernel.Weights.AsSpan(x * kernel.Stride, kernel.Count[x]);
            var pixels = row[(kernel.Start[x] * 4)..];
            int r = half, g = half, b = half, a = half;
            for (var j = 0; j < weights.Length; j++)
            {
                var w = weights[j];
                r += pixels[(j * 4) + 0] * w;
                g += pixels[(j * 4) + 1] * w;
                b += pixels[(j * 4) + 2] * w;
                a += pixels[(j * 4) + 3] * w;
            }

            output[(x * 4) + 0] = Clip(r, kernel.Precision);
            output[(x * 4) + 1] = Clip(g, kernel.Precision);
            output[(x * 4) + 2] = Clip(b, kernel.Precision);
            output[(x * 4) + 3] = Clip(a, kernel.Precision);
        }
    }

    private static unsafe void RunAvx2(ReadOnlySpan<byte> source, int rows, ResampleKernel kernel, PackedWeights packed, Span<byte> destination)
    {
        // Within each 128-bit half: pixels 0,1 (low half) or 2,3 (high half) as 16-bit channel pairs,
        // r0 r1 g0 g1 b0 b1 a0 a1, ready to multiply-add with the packed k0 k1 (or k2 k3) pairs.
        var pairs = Vector256.Create(
            (byte)0, 0x80, 4, 0x80, 1, 0x80, 5, 0x80, 2, 0x80, 6, 0x80, 3, 0x80, 7, 0x80,
            8, 0x80, 12, 0x80, 9, 0x80, 13, 0x80, 10, 0x80, 14, 0x80, 11, 0x80, 15, 0x80);
        var half = Vector256.Create(Rounding(kernel.Precision));
        var shift = kernel.Precision;
        var inRow = kernel.InSize * 4;
        var outSize = kernel.OutSize;
        var groups = packed.Groups;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        fixed (short* allWeights = packed.Values)
        fixed (int* starts = packed.Start)
        {
            // Two rows at a time share the weights and the final rounding.
            for (var y = 0; y < rows; y += 2)
            {
                var row0 = input + ((nint)y * inRow);
                var row1 = y + 1 < rows ? row0 + inRow : row0;
                var target0 = (uint*)(output + ((nint)y * outSize * 4));
                var target1 = y + 1 < rows ? target0 + outSize : target0;
                var weights = allWeights;
                for (var x = 0; x < outSize; x++)
                {
                    var offset = starts[x] * 4;
                    var pixels0 = row0 + offset;
                    var pixels1 = row1 + offset;
                    var sum0 = Vector256<int>.Zero;
                    var sum1 = Vector256<int>.Zero;
                    for (var g = 0; g < groups; g++)
                    {
                        var k = Avx.LoadVector256(weights);
                        sum0 += Avx2.MultiplyAddAdjacent(Avx2.Shuffle(Avx2.BroadcastVector128ToVector256(pixels0), pairs).AsInt16(), k);
                        sum1 += Avx2.MultiplyAddAdjacent(Avx2.Shuffle(Avx2.BroadcastVector128ToVector256(pixels1), pairs).AsInt16(), k);
                        pixels0 += 16;
                        pixels1 += 16;
                        weights += PackedWeights.ShortsPerGroup;
                    }

                    // Fold taps 0-1 with taps 2-3: [row 0 RGBA | row 1 RGBA], then round, shift and saturate to bytes.
                    var sum = Avx2.Permute2x128(sum0, sum1, 0x20) + Avx2.Permute2x128(sum0, sum1, 0x31);
                    sum = (sum + half) >> shift;
                    var words = Avx2.PackSignedSaturate(sum, sum);
                    var bytes = Avx2.PackUnsignedSaturate(words, words).AsUInt32();
                    target1[x] = bytes.GetUpper().ToScalar();
                    target0[x] = bytes.GetLower().ToScalar();
                }
            }
        }
    }

    /// <summary>Gets the fixed-point half that makes the final shift round to nearest.</summary>
    /// <param name="precision">The weights' fractional bits.</param>
    /// <returns>2^(precision - 1), or 0 for integer weights.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Rounding(int precision) => precision > 0 ? 1 << (precision - 1) : 0;

    /// <summary>Shifts a fixed-point sum back to an integer and clips it to 0..255.</summary>
    /// <param name="sum">The sum, rounding already added.</param>
    /// <param name="precision">The weights' fractional bits.</param>
    /// <returns>The 8-bit value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte Clip(int sum, int precision) => (byte)Math.Clamp(sum >> precision, 0, 255);
}
