using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The scan of a text query: max over an item's rows of the dot product with the text vector, in one pass
/// over the stored values (float16 converted in registers; with Vector512, several rows at a time, so that
/// independent sums hide the multiply-add latency). Its sums run in another order than
/// <see cref="MultimodalSearch.Catalog.Providers.CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>, so it only selects candidates; see
/// <see cref="ErrorBound(float, float, int)"/> for how far it can be from the exact score.
/// </summary>
internal static class TextScanKernel
{
    private const int RowsPerStep = 4;

    /// <summary>Gets whether the kernel runs for vectors of <paramref name="dimensions"/>.</summary>
    /// <param name="dimensions">The vector width.</param>
    /// <returns>True when SIMD is available and the width is a multiple of 16.</returns>
    public static bool Supports(int dimensions) => Vector256.IsHardwareAccelerated && dimensions % 16 == 0;

    /// <summary>
    /// Bounds |scan - exact| for one item: both are dot products of the same float values summed in different
    /// orders, each within gamma_n * sum|t_i v_i| &lt;= gamma_n * |t| * |v| of the true value (Cauchy-Schwarz),
    /// with gamma_n = n u / (1 - n u), u = 2^-24. Doubled for the weighting's rounding and for safety.
    /// </summary>
    /// <param name="textNorm">The L2 norm of the text vector.</param>
    /// <param name="maxRowNorm">The largest L2 norm of a stored row.</param>
    /// <param name="dimensions">The vector width.</param>
    /// <returns>The bound.</returns>
    public static float ErrorBound(float textNorm, float maxRowNorm, int dimensions)
    {
        var nu = dimensions * MathF.Pow(2, -24);
        var gamma = nu / (1 - nu);
        return (4 * gamma * textNorm * maxRowNorm) + 1e-30f;
    }

    /// <summary>Scans float32 rows.</summary>
    /// <param name="text">The text vector.</param>
    /// <param name="item">The item's rows.</param>
    /// <param name="dimensions">The width of a row, a multiple of 16.</param>
    /// <param name="wide">Whether to use <see cref="Vector512{T}"/> (default: where it is accelerated); tests run both paths.</param>
    /// <returns>The largest dot product, up to <see cref="ErrorBound(float, float, int)"/>.</returns>
    public static float MaxDot(ReadOnlySpan<float> text, ReadOnlySpan<float> item, int dimensions, bool? wide = null)
    {
        ref var t = ref MemoryMarshal.GetReference(text);
        ref var v = ref MemoryMarshal.GetReference(item);
        var best = float.NegativeInfinity;
        var row = 0;
        if (wide ?? Vector512.IsHardwareAccelerated)
        {
            // Four rows at a time: four independent sums share each load of the text vector.
            for (; row + (RowsPerStep * dimensions) <= item.Length; row += RowsPerStep * dimensions)
            {
                ref var v0 = ref Unsafe.Add(ref v, row);
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (var i = 0; i < dimensions; i += 16)
                {
                    var x = Vector512.LoadUnsafe(ref t, (nuint)i);
                    s0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref v0, (nuint)i), s0);
                    s1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref v0, (nuint)(dimensions + i)), s1);
                    s2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref v0, (nuint)((2 * dimensions) + i)), s2);
                    s3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref v0, (nuint)((3 * dimensions) + i)), s3);
                }

                best = MathF.Max(best, MathF.Max(MathF.Max(Vector512.Sum(s0), Vector512.Sum(s1)), MathF.Max(Vector512.Sum(s2), Vector512.Sum(s3))));
            }
        }

        for (; row < item.Length; row += dimensions)
        {
            var sum0 = Vector256<float>.Zero;
            var sum1 = Vector256<float>.Zero;
            for (var i = 0; i < dimensions; i += 16)
            {
                sum0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)i), Vector256.LoadUnsafe(ref v, (nuint)(row + i)), sum0);
                sum1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)(i + 8)), Vector256.LoadUnsafe(ref v, (nuint)(row + i + 8)), sum1);
            }

            best = MathF.Max(best, Vector256.Sum(sum0 + sum1));
        }

        return best;
    }

    /// <summary>Scans float16 rows, converting them exactly to float32 in registers.</summary>
    /// <param name="text">The text vector.</param>
    /// <param name="item">The item's rows.</param>
    /// <param name="dimensions">The width of a row, a multiple of 16.</param>
    /// <param name="wide">Whether to use <see cref="Vector512{T}"/> (default: where it is accelerated); tests run both paths.</param>
    /// <returns>The largest dot product, up to <see cref="ErrorBound(float, float, int)"/>.</returns>
    public static float MaxDot(ReadOnlySpan<float> text, ReadOnlySpan<Half> item, int dimensions, bool? wide = null)
    {
        ref var t = ref MemoryMarshal.GetReference(text);
        ref var v = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(item));
        var best = float.NegativeInfinity;
        var row = 0;
        if (wide ?? Vector512.IsHardwareAccelerated)
        {
            for (; row + (2 * dimensions) <= item.Length; row += 2 * dimensions)
            {
                ref var v0 = ref Unsafe.Add(ref v, row);
                Vector512<float> s0 = default, s1 = default;
                for (var i = 0; i < dimensions; i += 16)
                {
                    var x = Vector512.LoadUnsafe(ref t, (nuint)i);
                    s0 = Vector512.FusedMultiplyAdd(x, HalfConversion.ToSingle(Vector512.WidenLower(Vector256.LoadUnsafe(ref v0, (nuint)i).ToVector512())), s0);
                    s1 = Vector512.FusedMultiplyAdd(x, HalfConversion.ToSingle(Vector512.WidenLower(Vector256.LoadUnsafe(ref v0, (nuint)(dimensions + i)).ToVector512())), s1);
                }

                best = MathF.Max(best, MathF.Max(Vector512.Sum(s0), Vector512.Sum(s1)));
            }
        }

        for (; row < item.Length; row += dimensions)
        {
            var sum0 = Vector256<float>.Zero;
            var sum1 = Vector256<float>.Zero;
            for (var i = 0; i < dimensions; i += 16)
            {
                var halves = Vector256.LoadUnsafe(ref v, (nuint)(row + i));
                sum0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)i), HalfConversion.ToSingle(Vector256.WidenLower(halves)), sum0);
                sum1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref t, (nuint)(i + 8)), HalfConversion.ToSingle(Vector256.WidenUpper(halves)), sum1);
            }

            best = MathF.Max(best, Vector256.Sum(sum0 + sum1));
        }

        return best;
    }
}
