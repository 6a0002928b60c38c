using MultimodalSearch.Catalog.Providers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The scan of a photo query: for every query row, the largest dot product with any of an item's rows, as a
/// small matrix product. The query is transposed once per search (dimension-major, in groups of 32 rows), so
/// that one item row broadcast against the group's 32 values of a dimension updates 32 dot products at once;
/// each item row's 32 results are folded into 32 running maxima, and no dot product is ever summed across a
/// vector's lanes. Several item rows are in flight at a time (4 x 4 Vector256 or 8 x 2 Vector512 accumulators), so
/// every load feeds 4-8 fused multiply-adds instead of the one of a dot product at a time; each item row has its own
/// reference, indexed by the dimension, so the inner loop has no offset arithmetic between the loads. Its sums run in another order than
/// <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>, so it only selects candidates: see
/// <see cref="ErrorBound(float, float, int, int, ImageSimilarity)"/>.
/// </summary>
internal sealed class ImageScanKernel
{
    /// <summary>Query rows per group: one group is 4 Vector256 or 2 Vector512 wide.</summary>
    private const int GroupRows = 32;

    private const int ItemRowsPerStep = 4;

    // With 32 vector registers, 8 item rows x 2 Vector512 = 16 accumulators: enough independent sums to hide the
    // multiply-add latency on both ports (measured about 2x faster than 4 rows on the development machine).
    private const int WideItemRowsPerStep = 8;

    private readonly float[][] _groups;
    private readonly int _queryRows;
    private readonly int _dimensions;
    private readonly ImageSimilarity _kind;
    private readonly bool _wide;

    /// <summary>Transposes <paramref name="query"/> for scanning.</summary>
    /// <param name="query">The photo's query vectors, row-major.</param>
    /// <param name="dimensions">The width of one row, a multiple of 16.</param>
    /// <param name="kind">How images are compared; one that <see cref="Supports(int, ImageSimilarity)"/> accepts.</param>
    /// <param name="wide">Whether to use <see cref="Vector512{T}"/> (default: where it is accelerated); tests run both paths, which work, if slowly, without acceleration.</param>
    public ImageScanKernel(ReadOnlySpan<float> query, int dimensions, ImageSimilarity kind, bool? wide = null)
    {
        _wide = wide ?? Vector512.IsHardwareAccelerated;
        _dimensions = dimensions;
        _kind = kind;
        _queryRows = query.Length / dimensions;
        _groups = new float[(_queryRows + GroupRows - 1) / GroupRows][];
        for (var g = 0; g < _groups.Length; g++)
        {
            // Rows past the query's last stay zero: their results are never read.
            var group = new float[dimensions * GroupRows];
            for (var r = 0; r < GroupRows && (g * GroupRows) + r < _queryRows; r++)
            {
                var row = query.Slice(((g * GroupRows) + r) * dimensions, dimensions);
                for (var k = 0; k < dimensions; k++)
                {
                    group[(k * GroupRows) + r] = row[k];
                }
            }

            _groups[g] = group;
        }
    }

    /// <summary>Gets the length of the scratch span that <see cref="Score"/> needs.</summary>
    public int ScratchLength => _groups.Length * GroupRows;

    /// <summary>Gets whether the kernel runs for <paramref name="dimensions"/> and <paramref name="kind"/>.</summary>
    /// <param name="dimensions">The vector width.</param>
    /// <param name="kind">How images are compared.</param>
    /// <returns>True for <see cref="ImageSimilarity.MeanOfBestMatches"/> and <see cref="ImageSimilarity.BestPair"/> with SIMD and a width that is a multiple of 16.</returns>
    public static bool Supports(int dimensions, ImageSimilarity kind) =>
        Vector256.IsHardwareAccelerated && dimensions % 16 == 0 && kind is ImageSimilarity.MeanOfBestMatches or ImageSimilarity.BestPair;

    /// <summary>
    /// Bounds |scan - exact| for one item's image score, where exact is
    /// <see cref="EmbeddingSimilarity.ImageToImage(ReadOnlySpan{float}, ReadOnlySpan{float}, int, ImageSimilarity)"/>.
    /// </summary>
    /// <remarks>
    /// Proof. Let u = 2^-24 and gamma_m = m u / (1 - m u). (1) A dot product of n = <paramref name="dimensions"/> float
    /// products, summed in any order, with or without fused multiply-adds, is within gamma_n * sum_k |q_k d_k| of its
    /// true value (Higham, Accuracy and Stability of Numerical Algorithms, 3.1), and sum_k |q_k d_k| &lt;= |q| |d| by
    /// Cauchy-Schwarz. The scan and the exact scorer differ only in order, so each of their dot products is within
    /// e = 2 gamma_n Q D of the other's, where Q bounds every query row's norm and D every item row's.
    /// (2) max is 1-Lipschitz: if every a_j is within e of b_j, max_j a_j is within e of max_j b_j; so each query row's
    /// best match differs by at most e, and so does BestPair (a max of maxima).
    /// (3) MeanOfBestMatches then sums the m = <paramref name="queryRows"/> best matches (each at most Q D (1 + gamma_n)
    /// in size): the two sums of values within e of each other differ by at most m e plus each one's rounding,
    /// gamma_m m Q D (1 + gamma_n); dividing by m (one more rounding of relative u on each side, of values at most
    /// Q D (1 + gamma_n)) gives e + 2 gamma_m Q D (1 + gamma_n) + 2 u Q D (1 + gamma_n).
    /// The bound returned is twice that (for the weighting's rounding, which <see cref="QueryScan"/> adds, and for safety).
    /// </remarks>
    /// <param name="queryNorm">An upper bound of the L2 norm of every query row.</param>
    /// <param name="maxRowNorm">An upper bound of the L2 norm of every stored row.</param>
    /// <param name="dimensions">The vector width.</param>
    /// <param name="queryRows">The number of query rows.</param>
    /// <param name="kind">How images are compared.</param>
    /// <returns>The bound.</returns>
    public static float ErrorBound(float queryNorm, float maxRowNorm, int dimensions, int queryRows, ImageSimilarity kind)
    {
        var u = MathF.Pow(2, -24);
        var gammaN = dimensions * u / (1 - (dimensions * u));
        var gammaM = queryRows * u / (1 - (queryRows * u));
        var qd = queryNorm * maxRowNorm;
        var dot = 2 * gammaN * qd;
        var mean = kind == ImageSimilarity.BestPair ? 0 : 2 * (gammaM + u) * qd * (1 + gammaN);
        return (2 * (dot + mean)) + 1e-30f;
    }

    /// <summary>Scores one item.</summary>
    /// <param name="item">The item's rows, float32, row-major.</param>
    /// <param name="scratch"><see cref="ScratchLength"/> floats.</param>
    /// <returns>The image score, up to <see cref="ErrorBound(float, float, int, int, ImageSimilarity)"/>.</returns>
    public float Score(ReadOnlySpan<float> item, Span<float> scratch)
    {
        for (var g = 0; g < _groups.Length; g++)
        {
            var best = scratch.Slice(g * GroupRows, GroupRows);
            if (_wide)
            {
                BestMatches512(_groups[g], item, _dimensions, best);
            }
            else
            {
                BestMatches256(_groups[g], item, _dimensions, best);
            }
        }

        var matches = scratch[.._queryRows];
        if (_kind == ImageSimilarity.BestPair)
        {
            var max = float.NegativeInfinity;
            foreach (var value in matches)
            {
                max = MathF.Max(max, value);
            }

            return max;
        }

        var sum = 0f;
        foreach (var value in matches)
        {
            sum += value;
        }

        return sum / _queryRows;
    }

    private static void BestMatches256(float[] group, ReadOnlySpan<float> item, int dimensions, Span<float> best)
    {
        ref var q = ref MemoryMarshal.GetArrayDataReference(group);
        ref var d = ref MemoryMarshal.GetReference(item);
        var rows = item.Length / dimensions;
        var m0 = Vector256.Create(float.NegativeInfinity);
        var (m1, m2, m3) = (m0, m0, m0);
        var row = 0;
        for (; row + ItemRowsPerStep <= rows; row += ItemRowsPerStep)
        {
            ref var d0 = ref Unsafe.Add(ref d, row * dimensions);
            ref var d1 = ref Unsafe.Add(ref d0, dimensions);
            ref var d2 = ref Unsafe.Add(ref d1, dimensions);
            ref var d3 = ref Unsafe.Add(ref d2, dimensions);
            ref var column = ref q;
            Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default;
            for (nint k = 0; k < dimensions; k++)
            {
                var q0 = Vector256.LoadUnsafe(ref column);
                var q1 = Vector256.LoadUnsafe(ref column, 8);
                var q2 = Vector256.LoadUnsafe(ref column, 16);
                var q3 = Vector256.LoadUnsafe(ref column, 24);
                column = ref Unsafe.Add(ref column, GroupRows);
                var b = Vector256.Create(Unsafe.Add(ref d0, k));
                a00 = Vector256.FusedMultiplyAdd(q0, b, a00);
                a01 = Vector256.FusedMultiplyAdd(q1, b, a01);
                a02 = Vector256.FusedMultiplyAdd(q2, b, a02);
                a03 = Vector256.FusedMultiplyAdd(q3, b, a03);
                b = Vector256.Create(Unsafe.Add(ref d1, k));
                a10 = Vector256.FusedMultiplyAdd(q0, b, a10);
                a11 = Vector256.FusedMultiplyAdd(q1, b, a11);
                a12 = Vector256.FusedMultiplyAdd(q2, b, a12);
                a13 = Vector256.FusedMultiplyAdd(q3, b, a13);
                b = Vector256.Create(Unsafe.Add(ref d2, k));
                a20 = Vector256.FusedMultiplyAdd(q0, b, a20);
                a21 = Vector256.FusedMultiplyAdd(q1, b, a21);
                a22 = Vector256.FusedMultiplyAdd(q2, b, a22);
                a23 = Vector256.FusedMultiplyAdd(q3, b, a23);
                b = Vector256.Create(Unsafe.Add(ref d3, k));
                a30 = Vector256.FusedMultiplyAdd(q0, b, a30);
                a31 = Vector256.FusedMultiplyAdd(q1, b, a31);
                a32 = Vector256.FusedMultiplyAdd(q2, b, a32);
                a33 = Vector256.FusedMultiplyAdd(q3, b, a33);
            }

            m0 = Vector256.MaxNative(m0, Vector256.MaxNative(Vector256.MaxNative(a00, a10), Vector256.MaxNative(a20, a30)));
            m1 = Vector256.MaxNative(m1, Vector256.MaxNative(Vector256.MaxNative(a01, a11), Vector256.MaxNative(a21, a31)));
            m2 = Vector256.MaxNative(m2, Vector256.MaxNative(Vector256.MaxNative(a02, a12), Vector256.MaxNative(a22, a32)));
            m3 = Vector256.MaxNative(m3, Vector256.MaxNative(Vector256.MaxNative(a03, a13), Vector256.MaxNative(a23, a33)));
        }

        for (; row < rows; row++)
        {
            ref var d0 = ref Unsafe.Add(ref d, row * dimensions);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var k = 0; k < dimensions; k++)
            {
                ref var column = ref Unsafe.Add(ref q, k * GroupRows);
                var b = Vector256.Create(Unsafe.Add(ref d0, k));
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column), b, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, 8), b, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, 16), b, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, 24), b, a3);
            }

            (m0, m1, m2, m3) = (Vector256.MaxNative(m0, a0), Vector256.MaxNative(m1, a1), Vector256.MaxNative(m2, a2), Vector256.MaxNative(m3, a3));
        }

        ref var destination = ref MemoryMarshal.GetReference(best);
        m0.StoreUnsafe(ref destination);
        m1.StoreUnsafe(ref destination, 8);
        m2.StoreUnsafe(ref destination, 16);
        m3.StoreUnsafe(ref destination, 24);
    }

    private static void BestMatches512(float[] group, ReadOnlySpan<float> item, int dimensions, Span<float> best)
    {
        ref var q = ref MemoryMarshal.GetArrayDataReference(group);
        ref var d = ref MemoryMarshal.GetReference(item);
        var rows = item.Length / dimensions;
        var m0 = Vector512.Create(float.NegativeInfinity);
        var m1 = m0;
        var row = 0;
        for (; row + WideItemRowsPerStep <= rows; row += WideItemRowsPerStep)
        {
            // One reference per item row, all advanced with the column: each load is one addressing mode, with no
            // offset arithmetic between the multiply-adds.
            ref var d0 = ref Unsafe.Add(ref d, row * dimensions);
            ref var d1 = ref Unsafe.Add(ref d0, dimensions);
            ref var d2 = ref Unsafe.Add(ref d1, dimensions);
            ref var d3 = ref Unsafe.Add(ref d2, dimensions);
            ref var d4 = ref Unsafe.Add(ref d3, dimensions);
            ref var d5 = ref Unsafe.Add(ref d4, dimensions);
            ref var d6 = ref Unsafe.Add(ref d5, dimensions);
            ref var d7 = ref Unsafe.Add(ref d6, dimensions);
            ref var column = ref q;
            Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
            Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default;
            for (nint k = 0; k < dimensions; k++)
            {
                var q0 = Vector512.LoadUnsafe(ref column);
                var q1 = Vector512.LoadUnsafe(ref column, 16);
                column = ref Unsafe.Add(ref column, GroupRows);
                var b = Vector512.Create(Unsafe.Add(ref d0, k));
                (a00, a01) = (Vector512.FusedMultiplyAdd(q0, b, a00), Vector512.FusedMultiplyAdd(q1, b, a01));
                b = Vector512.Create(Unsafe.Add(ref d1, k));
                (a10, a11) = (Vector512.FusedMultiplyAdd(q0, b, a10), Vector512.FusedMultiplyAdd(q1, b, a11));
                b = Vector512.Create(Unsafe.Add(ref d2, k));
                (a20, a21) = (Vector512.FusedMultiplyAdd(q0, b, a20), Vector512.FusedMultiplyAdd(q1, b, a21));
                b = Vector512.Create(Unsafe.Add(ref d3, k));
                (a30, a31) = (Vector512.FusedMultiplyAdd(q0, b, a30), Vector512.FusedMultiplyAdd(q1, b, a31));
                b = Vector512.Create(Unsafe.Add(ref d4, k));
                (a40, a41) = (Vector512.FusedMultiplyAdd(q0, b, a40), Vector512.FusedMultiplyAdd(q1, b, a41));
                b = Vector512.Create(Unsafe.Add(ref d5, k));
                (a50, a51) = (Vector512.FusedMultiplyAdd(q0, b, a50), Vector512.FusedMultiplyAdd(q1, b, a51));
                b = Vector512.Create(Unsafe.Add(ref d6, k));
                (a60, a61) = (Vector512.FusedMultiplyAdd(q0, b, a60), Vector512.FusedMultiplyAdd(q1, b, a61));
                b = Vector512.Create(Unsafe.Add(ref d7, k));
                (a70, a71) = (Vector512.FusedMultiplyAdd(q0, b, a70), Vector512.FusedMultiplyAdd(q1, b, a71));
            }

            var low = Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(a00, a10), Vector512.MaxNative(a20, a30)), Vector512.MaxNative(Vector512.MaxNative(a40, a50), Vector512.MaxNative(a60, a70)));
            var high = Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(a01, a11), Vector512.MaxNative(a21, a31)), Vector512.MaxNative(Vector512.MaxNative(a41, a51), Vector512.MaxNative(a61, a71)));
            (m0, m1) = (Vector512.MaxNative(m0, low), Vector512.MaxNative(m1, high));
        }

        for (; row < rows; row++)
        {
            ref var d0 = ref Unsafe.Add(ref d, row * dimensions);
            Vector512<float> a0 = default, a1 = default;
            for (var k = 0; k < dimensions; k++)
            {
                ref var column = ref Unsafe.Add(ref q, k * GroupRows);
                var b = Vector512.Create(Unsafe.Add(ref d0, k));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column), b, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 16), b, a1);
            }

            (m0, m1) = (Vector512.MaxNative(m0, a0), Vector512.MaxNative(m1, a1));
        }

        ref var destination = ref MemoryMarshal.GetReference(best);
        m0.StoreUnsafe(ref destination);
        m1.StoreUnsafe(ref destination, 16);
    }
}
