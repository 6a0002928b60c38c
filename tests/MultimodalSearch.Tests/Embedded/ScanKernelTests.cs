using System.Numerics.Tensors;
using MultimodalSearch.Embedded;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// The text scan's two paths (four rows at a time with Vector512, one row at a time with Vector256) stay within their
/// proven error bound of the exact <see cref="EmbeddingSimilarity.MaxDot"/> on float32 and float16 rows, with row
/// counts that leave remainders; and the SIMD float16 conversion the scans use equals the runtime's for every finite
/// float16 value. Tolerance: the stated error bound; none for the conversion.
/// </summary>
public sealed class ScanKernelTests
{
    [Theory]
    [InlineData(32, 256, false)]
    [InlineData(32, 256, true)]
    [InlineData(13, 64, false)]
    [InlineData(13, 64, true)]
    [InlineData(3, 16, true)]
    [InlineData(1, 16, true)]
    public void The_text_scan_is_within_its_error_bound_of_the_exact_score_on_both_paths_and_precisions(int rows, int dimensions, bool wide)
    {
        var random = new Random((rows * 31) + dimensions);
        for (var trial = 0; trial < 50; trial++)
        {
            var text = KernelInputs.Values(random, dimensions, 2f);
            var item = KernelInputs.Values(random, rows * dimensions, 40f);
            var halves = Array.ConvertAll(item, v => (Half)v);
            var stored = Array.ConvertAll(halves, v => (float)v);
            var textNorm = TensorPrimitives.Norm(text) * 1.001f;

            var single = TextScanKernel.MaxDot(text, item, dimensions, wide);
            var half = TextScanKernel.MaxDot(text, halves, dimensions, wide);

            var exactSingle = EmbeddingSimilarity.MaxDot(text, item, dimensions);
            var exactHalf = EmbeddingSimilarity.MaxDot(text, stored, dimensions);
            var boundSingle = TextScanKernel.ErrorBound(textNorm, KernelInputs.MaxRowNorm(item, dimensions), dimensions);
            var boundHalf = TextScanKernel.ErrorBound(textNorm, KernelInputs.MaxRowNorm(stored, dimensions), dimensions);
            Assert.InRange(single, exactSingle - boundSingle, exactSingle + boundSingle);
            Assert.InRange(half, exactHalf - boundHalf, exactHalf + boundHalf);
        }
    }

    [Fact]
    public void The_SIMD_float16_conversion_equals_the_runtime_conversion_for_every_finite_value()
    {
        var halves = Enumerable.Range(0, 1 << 16).Select(bits => BitConverter.UInt16BitsToHalf((ushort)bits)).Where(Half.IsFinite).ToArray();

        // An odd length leaves a scalar tail after the 32- and 16-wide loops.
        var converted = new float[halves.Length + 1];
        HalfConversion.ToSingle(halves.AsSpan(0, halves.Length - 7), converted);

        for (var i = 0; i < halves.Length - 7; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)halves[i]), BitConverter.SingleToInt32Bits(converted[i]));
        }
    }
}
