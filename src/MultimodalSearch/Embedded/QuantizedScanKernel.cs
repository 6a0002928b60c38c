using MultimodalSearch.Catalog.Providers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The int8 scan of a photo query against the int8 copies of items (<see cref="ItemQuantizer"/>): the same best
/// matches as <see cref="ImageScanKernel"/>, from integer dot products. Each query row q_i is quantized like an item
/// row (scale t_i, codes in [-127, 127]) and transposed in groups of 32 rows, 4 consecutive dimensions together, so
/// that one AVX-VNNI <c>vpdpbusd</c> multiplies 4 bytes of an item row (broadcast) by those of 8 query rows and adds
/// them into 8 exact int32 dot products: 32 multiply-adds per instruction against the 16 of a float32 FMA, on a
/// quarter of the bytes. Items are stored biased (code + 128), so every sum carries 128 x (the query row's code
/// sum), subtracted before the row's scale s_j applies; then a running maximum over item rows, and each query row's
/// best match times its own scale t_i. The integers are exact: |sum| &lt;= 256 x 255 x 127 &lt; 2^24 at 256 dimensions,
/// so converting them to float is exact too (<see cref="Supports(int, ImageSimilarity)"/> caps the width accordingly).
/// Where AVX-VNNI is absent, a scalar path computes the same integers and the same float operations in the same
/// order (bit-identical scores, slowly): the store then scans with <see cref="ImageScanKernel"/> instead, and tests use it.
/// </summary>
internal sealed class QuantizedScanKernel
{
    private const int GroupRows = 32;

    // With AVX-VNNI's VEX encoding only registers 0-15 hold operands: 4 item rows x 4 accumulators + 4 query vectors
    // + 1 broadcast slightly exceed them (the JIT moves 4 accumulators through a spare register), which measured
    // faster than 2 rows x 4 (8 accumulators do not cover the instruction's latency) and 5 rows x 2.
    private const int ItemRowsPerStep = 4;

    // 256 dimensions x 255 x 127 = 8.3 million: sums and their conversion to float stay exact below 2^24.
    private const int MaxDimensions = 256;

    private readonly sbyte[][] _groups;
    private readonly int[][] _offsets;
    private readonly float[] _scales;
    private readonly int _queryRows;
    private readonly int _dimensions;
    private readonly ImageSimilarity _kind;
    private readonly bool _vnni;
    private readonly float _normWeight;
    private readonly float _codedWeight;
    private readonly float _boundNorm;

    /// <summary>Quantizes and transposes <paramref name="query"/> for scanning.</summary>
    /// <param name="query">The photo's query vectors, row-major.</param>
    /// <param name="dimensions">The width of one row: a multiple of 4, at most 256.</param>
    /// <param name="kind">How images are compared; one that <see cref="Supports(int, ImageSimilarity)"/> accepts.</param>
    /// <param name="vnni">Whether to use AVX-VNNI (default: where it is supported); false runs the scalar path.</param>
    public QuantizedScanKernel(ReadOnlySpan<float> query, int dimensions, ImageSimilarity kind, bool? vnni = null)
    {
        _vnni = (vnni ?? AvxVnni.IsSupported) && AvxVnni.IsSupported;
        _dimensions = dimensions;
        _kind = kind;
        _queryRows = query.Length / dimensions;
        _groups = new sbyte[(_queryRows + GroupRows - 1) / GroupRows][];
        _offsets = new int[_groups.Length][];
        _scales = new float[_groups.Length * GroupRows];
        double normSum = 0, normMax = 0, codedSum = 0, codedMax = 0, residualMax = 0;
        var u = Math.Pow(2, -24);
        for (var g = 0; g < _groups.Length; g++)
        {
            // Rows past the query's last stay zero: their results are never read.
            var group = new sbyte[dimensions * GroupRows];
            var offsets = new int[GroupRows];
            for (var r = 0; r < GroupRows && (g * GroupRows) + r < _queryRows; r++)
            {
                var i = (g * GroupRows) + r;
                var row = query.Slice(i * dimensions, dimensions);
                var scale = ItemQuantizer.Scale(row);
                _scales[i] = scale;
                double norm = 0, residual = 0, coded = 0;
                for (var k = 0; k < dimensions; k++)
                {
                    var code = ItemQuantizer.Code(row[k], scale);
                    group[((k / 4) * GroupRows * 4) + (r * 4) + (k % 4)] = (sbyte)code;
                    offsets[r] += ItemQuantizer.Bias * code;
                    var reconstructed = (double)scale * code;
                    norm += (double)row[k] * row[k];
                    residual += (row[k] - reconstructed) * (row[k] - reconstructed);
                    coded += reconstructed * reconstructed;
                }

                (norm, residual, coded) = (Math.Sqrt(norm), Math.Sqrt(residual), Math.Sqrt(coded));

                // Row i's part of the bound: |q_i| rho + (sigma_i + 2.0001 u |t_i c_i|) nu (see ErrorBound).
                var codedWeight = residual + (2.0001 * u * coded);
                (normSum, normMax) = (normSum + norm, Math.Max(normMax, norm));
                (codedSum, codedMax) = (codedSum + codedWeight, Math.Max(codedMax, codedWeight));
                residualMax = Math.Max(residualMax, residual);
            }

            _groups[g] = group;
            _offsets[g] = offsets;
        }

        var mean = kind == ImageSimilarity.MeanOfBestMatches;
        _normWeight = ItemQuantizer.RoundUp(mean ? normSum / _queryRows : normMax);
        _codedWeight = ItemQuantizer.RoundUp(mean ? codedSum / _queryRows : codedMax);
        _boundNorm = ItemQuantizer.RoundUp(normMax + residualMax);
    }

    /// <summary>Gets the length of the scratch span that <see cref="Score"/> needs.</summary>
    public int ScratchLength => _groups.Length * GroupRows;

    /// <summary>Gets whether the kernel runs for <paramref name="dimensions"/> and <paramref name="kind"/>.</summary>
    /// <param name="dimensions">The vector width.</param>
    /// <param name="kind">How images are compared.</param>
    /// <returns>True for <see cref="ImageSimilarity.MeanOfBestMatches"/> and <see cref="ImageSimilarity.BestPair"/> and a width <see cref="SupportsWidth(int)"/> accepts.</returns>
    public static bool Supports(int dimensions, ImageSimilarity kind) =>
        SupportsWidth(dimensions) && kind is ImageSimilarity.MeanOfBestMatches or ImageSimilarity.BestPair;

    /// <summary>
    /// Gets whether the store scans rows of <paramref name="dimensions"/> values with this kernel, and so keeps an int8
    /// copy of them: widths of at most 256 that <see cref="ImageScanKernel"/> also runs for (its float scan follows),
    /// multiples of 16. The kernel itself computes any multiple of 4.
    /// </summary>
    /// <param name="dimensions">The vector width.</param>
    /// <returns>True for a multiple of 16, at most 256.</returns>
    public static bool SupportsWidth(int dimensions) => dimensions > 0 && dimensions % 16 == 0 && dimensions <= MaxDimensions;

    /// <summary>
    /// Bounds |scan - exact| for one item's image score, where exact is
    /// <see cref="EmbeddingSimilarity.ImageToImage(ReadOnlySpan{float}, ReadOnlySpan{float}, int, ImageSimilarity)"/> on the stored values.
    /// </summary>
    /// <remarks>
    /// Proof. Write Q_i = t_i c_i for the quantized query row (exactly representable in double: float times small
    /// integer), sigma_i = |q_i - Q_i|, and for the item D_j = s_j c_j, with |d_j - D_j| &lt;= rho and |D_j| &lt;= nu
    /// (<see cref="ItemQuantizer"/>). (1) The kernel's integer sum I_ij = c_i . c_j is exact, and so is its conversion
    /// to float; it computes fl(fl(I_ij s_j) t_i) (scaling after the maximum is the same, since t_i &gt;= 0 and rounding
    /// is monotone), which is Q_i . D_j (1 + d), |d| &lt;= 2.0001 u, u = 2^-24. (2) q_i . d_j - Q_i . D_j
    /// = q_i . (d_j - D_j) + (q_i - Q_i) . D_j, so by Cauchy-Schwarz |q_i . d_j - Q_i . D_j| &lt;= |q_i| rho + sigma_i nu;
    /// with (1), the kernel's value is within e_i = |q_i| rho + (sigma_i + 2.0001 u |Q_i|) nu of the true q_i . d_j.
    /// (3) max is 1-Lipschitz, so row i's best match is within e_i of the true best match, and BestPair within
    /// max_i e_i; a mean of the best matches is within the mean of the e_i, A rho + B nu with A and B the query's mean
    /// (BestPair: largest) |q_i| and sigma_i + 2.0001 u |Q_i|, computed in double and rounded up by
    /// <see cref="ItemQuantizer.RoundUp(double)"/>. (4) What separates the true values from the exact scorer's, and
    /// the float sums and division of the mean on both sides, is what <see cref="ImageScanKernel.ErrorBound"/> bounds
    /// for rows at most Q = max |q_i| + max sigma_i and D = rho + nu long (|d_j| &lt;= |D_j| + rho; each side's terms are
    /// at most its bound's, with its factor 2 to spare). The bound returned is the sum, A rho + B nu scaled up by
    /// 2^-10 for its own float rounding.
    /// </remarks>
    /// <param name="rho">The item's residual bound (from its metadata).</param>
    /// <param name="nu">The item's reconstructed-norm bound (from its metadata).</param>
    /// <returns>The bound.</returns>
    public float ErrorBound(float rho, float nu) =>
        (((_normWeight * rho) + (_codedWeight * nu)) * (1 + (1f / 1024))) + ImageScanKernel.ErrorBound(_boundNorm, rho + nu, _dimensions, _queryRows, _kind);

    /// <summary>Gets the length of the query rows' norm bound, for the weighting of fused queries.</summary>
    public float QueryNorm => _boundNorm;

    /// <summary>Scores one item.</summary>
    /// <param name="codes">The item's biased codes (<see cref="ItemQuantizer"/>), row-major.</param>
    /// <param name="rowScales">The item's row scales.</param>
    /// <param name="scratch"><see cref="ScratchLength"/> floats.</param>
    /// <returns>The image score, within <see cref="ErrorBound(float, float)"/> of the exact one.</returns>
    public float Score(ReadOnlySpan<byte> codes, ReadOnlySpan<float> rowScales, Span<float> scratch)
    {
        for (var g = 0; g < _groups.Length; g++)
        {
            var best = scratch.Slice(g * GroupRows, GroupRows);
            if (_vnni)
            {
                BestMatchesVnni(_groups[g], _offsets[g], codes, rowScales, _dimensions, best);
            }
            else
            {
                BestMatchesScalar(_groups[g], _offsets[g], codes, rowScales, _dimensions, best);
            }
        }

        var matches = scratch[.._queryRows];
        if (_kind == ImageSimilarity.BestPair)
        {
            var max = float.NegativeInfinity;
            for (var i = 0; i < matches.Length; i++)
            {
                max = MathF.Max(max, matches[i] * _scales[i]);
            }

            return max;
        }

        var sum = 0f;
        for (var i = 0; i < matches.Length; i++)
        {
            sum += matches[i] * _scales[i];
        }

        return sum / _queryRows;
    }

    /// <summary>Computes one exact integer dot product the way the kernel sees it, for tests: item codes unbiased.</summary>
    /// <param name="queryRow">The query row's index.</param>
    /// <param name="codes">The item's biased codes.</param>
    /// <param name="itemRow">The item row's index.</param>
    /// <returns>The sum of the products of the codes.</returns>
    internal int IntegerDot(int queryRow, ReadOnlySpan<byte> codes, int itemRow)
    {
        var group = _groups[queryRow / GroupRows];
        var r = queryRow % GroupRows;
        var sum = 0;
        for (var k = 0; k < _dimensions; k++)
        {
            sum += group[((k / 4) * GroupRows * 4) + (r * 4) + (k % 4)] * (codes[(itemRow * _dimensions) + k] - ItemQuantizer.Bias);
        }

        return sum;
    }

    private static void BestMatchesScalar(sbyte[] group, int[] offsets, ReadOnlySpan<byte> codes, ReadOnlySpan<float> rowScales, int dimensions, Span<float> best)
    {
        best.Fill(float.NegativeInfinity);
        var rows = codes.Length / dimensions;
        for (var row = 0; row < rows; row++)
        {
            var item = codes.Slice(row * dimensions, dimensions);
            for (var r = 0; r < GroupRows; r++)
            {
                var sum = 0;
                for (var k = 0; k < dimensions; k++)
                {
                    sum += item[k] * group[((k / 4) * GroupRows * 4) + (r * 4) + (k % 4)];
                }

                best[r] = MathF.Max(best[r], (sum - offsets[r]) * rowScales[row]);
            }
        }
    }

    private static void BestMatchesVnni(sbyte[] group, int[] offsets, ReadOnlySpan<byte> codes, ReadOnlySpan<float> rowScales, int dimensions, Span<float> best)
    {
        ref var q = ref Unsafe.As<sbyte, int>(ref MemoryMarshal.GetArrayDataReference(group));
        ref var d = ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(codes));
        ref var offset = ref MemoryMarshal.GetArrayDataReference(offsets);
        var (o0, o1, o2, o3) = (Vector256.LoadUnsafe(ref offset), Vector256.LoadUnsafe(ref offset, 8), Vector256.LoadUnsafe(ref offset, 16), Vector256.LoadUnsafe(ref offset, 24));
        var words = dimensions / 4;
        var rows = codes.Length / dimensions;
        var m0 = Vector256.Create(float.NegativeInfinity);
        var (m1, m2, m3) = (m0, m0, m0);
        var row = 0;
        for (; row + ItemRowsPerStep <= rows; row += ItemRowsPerStep)
        {
            ref var d0 = ref Unsafe.Add(ref d, row * words);
            ref var d1 = ref Unsafe.Add(ref d0, words);
            ref var d2 = ref Unsafe.Add(ref d1, words);
            ref var d3 = ref Unsafe.Add(ref d2, words);
            ref var column = ref q;
            Vector256<int> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector256<int> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector256<int> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector256<int> a30 = default, a31 = default, a32 = default, a33 = default;
            for (nint k = 0; k < words; k++)
            {
                var q0 = Vector256.LoadUnsafe(ref column).AsSByte();
                var q1 = Vector256.LoadUnsafe(ref column, 8).AsSByte();
                var q2 = Vector256.LoadUnsafe(ref column, 16).AsSByte();
                var q3 = Vector256.LoadUnsafe(ref column, 24).AsSByte();
                column = ref Unsafe.Add(ref column, GroupRows);
                var b = Vector256.Create(Unsafe.Add(ref d0, k)).AsByte();
                (a00, a01) = (AvxVnni.MultiplyWideningAndAdd(a00, b, q0), AvxVnni.MultiplyWideningAndAdd(a01, b, q1));
                (a02, a03) = (AvxVnni.MultiplyWideningAndAdd(a02, b, q2), AvxVnni.MultiplyWideningAndAdd(a03, b, q3));
                b = Vector256.Create(Unsafe.Add(ref d1, k)).AsByte();
                (a10, a11) = (AvxVnni.MultiplyWideningAndAdd(a10, b, q0), AvxVnni.MultiplyWideningAndAdd(a11, b, q1));
                (a12, a13) = (AvxVnni.MultiplyWideningAndAdd(a12, b, q2), AvxVnni.MultiplyWideningAndAdd(a13, b, q3));
                b = Vector256.Create(Unsafe.Add(ref d2, k)).AsByte();
                (a20, a21) = (AvxVnni.MultiplyWideningAndAdd(a20, b, q0), AvxVnni.MultiplyWideningAndAdd(a21, b, q1));
                (a22, a23) = (AvxVnni.MultiplyWideningAndAdd(a22, b, q2), AvxVnni.MultiplyWideningAndAdd(a23, b, q3));
                b = Vector256.Create(Unsafe.Add(ref d3, k)).AsByte();
                (a30, a31) = (AvxVnni.MultiplyWideningAndAdd(a30, b, q0), AvxVnni.MultiplyWideningAndAdd(a31, b, q1));
                (a32, a33) = (AvxVnni.MultiplyWideningAndAdd(a32, b, q2), AvxVnni.MultiplyWideningAndAdd(a33, b, q3));
            }

            var (s0, s1) = (Vector256.Create(rowScales[row]), Vector256.Create(rowScales[row + 1]));
            var (s2, s3) = (Vector256.Create(rowScales[row + 2]), Vector256.Create(rowScales[row + 3]));
            m0 = Vector256.Max(m0, Vector256.Max(Vector256.Max(Scaled(a00, o0, s0), Scaled(a10, o0, s1)), Vector256.Max(Scaled(a20, o0, s2), Scaled(a30, o0, s3))));
            m1 = Vector256.Max(m1, Vector256.Max(Vector256.Max(Scaled(a01, o1, s0), Scaled(a11, o1, s1)), Vector256.Max(Scaled(a21, o1, s2), Scaled(a31, o1, s3))));
            m2 = Vector256.Max(m2, Vector256.Max(Vector256.Max(Scaled(a02, o2, s0), Scaled(a12, o2, s1)), Vector256.Max(Scaled(a22, o2, s2), Scaled(a32, o2, s3))));
            m3 = Vector256.Max(m3, Vector256.Max(Vector256.Max(Scaled(a03, o3, s0), Scaled(a13, o3, s1)), Vector256.Max(Scaled(a23, o3, s2), Scaled(a33, o3, s3))));
        }

        for (; row < rows; row++)
        {
            ref var d0 = ref Unsafe.Add(ref d, row * words);
            ref var column = ref q;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (nint k = 0; k < words; k++)
            {
                var b = Vector256.Create(Unsafe.Add(ref d0, k)).AsByte();
                (a0, a1) = (AvxVnni.MultiplyWideningAndAdd(a0, b, Vector256.LoadUnsafe(ref column).AsSByte()), AvxVnni.MultiplyWideningAndAdd(a1, b, Vector256.LoadUnsafe(ref column, 8).AsSByte()));
                (a2, a3) = (AvxVnni.MultiplyWideningAndAdd(a2, b, Vector256.LoadUnsafe(ref column, 16).AsSByte()), AvxVnni.MultiplyWideningAndAdd(a3, b, Vector256.LoadUnsafe(ref column, 24).AsSByte()));
                column = ref Unsafe.Add(ref column, GroupRows);
            }

            var s = Vector256.Create(rowScales[row]);
            (m0, m1) = (Vector256.Max(m0, Scaled(a0, o0, s)), Vector256.Max(m1, Scaled(a1, o1, s)));
            (m2, m3) = (Vector256.Max(m2, Scaled(a2, o2, s)), Vector256.Max(m3, Scaled(a3, o3, s)));
        }

        ref var destination = ref MemoryMarshal.GetReference(best);
        m0.StoreUnsafe(ref destination);
        m1.StoreUnsafe(ref destination, 8);
        m2.StoreUnsafe(ref destination, 16);
        m3.StoreUnsafe(ref destination, 24);
    }

    // The exact integer dot product (the bias removed) as float, times the item row's scale.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Scaled(Vector256<int> sums, Vector256<int> offsets, Vector256<float> scale) =>
        Vector256.ConvertToSingle(sums - offsets) * scale;
}
