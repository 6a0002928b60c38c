using MultimodalSearch.Embedded;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>
/// The int8 photo scan (<see cref="QuantizedScanKernel"/>, <see cref="ItemQuantizer"/>): its integer dot products
/// against a scalar reference built from the quantizer's codes, its AVX-VNNI path bit-identical to its scalar path,
/// and its proven error bound holding against the exact score on random and adversarial items (one huge component
/// per row, zero rows, mixed magnitudes). Tolerance: none (the bound is the statement under test).
/// </summary>
public sealed class QuantizedScanKernelTests
{
    [Theory]
    [InlineData(32, 32, 256)]
    [InlineData(33, 13, 64)]
    [InlineData(5, 3, 4)]
    public void Integer_dot_products_equal_the_products_of_the_quantizers_codes(int queryRows, int itemRows, int dimensions)
    {
        var random = new Random(queryRows * itemRows);
        var query = KernelInputs.Values(random, queryRows * dimensions, 1f);
        var kernel = new QuantizedScanKernel(query, dimensions, ImageSimilarity.MeanOfBestMatches);
        var (itemCodes, _) = Quantized(KernelInputs.Values(random, itemRows * dimensions, 2f), dimensions);
        var (queryCodes, _) = Quantized(query, dimensions);

        for (var i = 0; i < queryRows; i++)
        {
            for (var j = 0; j < itemRows; j++)
            {
                var expected = 0;
                for (var k = 0; k < dimensions; k++)
                {
                    expected += (queryCodes[(i * dimensions) + k] - ItemQuantizer.Bias) * (itemCodes[(j * dimensions) + k] - ItemQuantizer.Bias);
                }

                Assert.Equal(expected, kernel.IntegerDot(i, itemCodes, j));
            }
        }
    }

    [Theory]
    [InlineData(32, 32, 256, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(33, 13, 64, ImageSimilarity.MeanOfBestMatches)]
    [InlineData(64, 32, 256, ImageSimilarity.BestPair)]
    [InlineData(5, 3, 16, ImageSimilarity.BestPair)]
    public void The_scalar_and_Vnni_paths_score_like_the_reference_bit_for_bit(int queryRows, int itemRows, int dimensions, ImageSimilarity kind)
    {
        var random = new Random(queryRows + itemRows);
        var query = KernelInputs.Values(random, queryRows * dimensions, 1f);
        var scalar = new QuantizedScanKernel(query, dimensions, kind, vnni: false);
        var vnni = new QuantizedScanKernel(query, dimensions, kind, vnni: true);
        var scratch = new float[scalar.ScratchLength];
        for (var trial = 0; trial < 20; trial++)
        {
            var (codes, meta) = Quantized(KernelInputs.Values(random, itemRows * dimensions, 0.5f), dimensions);
            var expected = Reference(query, dimensions, codes, meta, kind);

            Assert.Equal(expected, scalar.Score(codes, meta.AsSpan(0, itemRows), scratch));

            // Where the CPU has no AVX-VNNI the second kernel runs the scalar path too.
            Assert.Equal(expected, vnni.Score(codes, meta.AsSpan(0, itemRows), scratch));
        }
    }

    [Theory]
    [InlineData(32, 32, 256, ImageSimilarity.MeanOfBestMatches, 1f)]
    [InlineData(32, 32, 256, ImageSimilarity.BestPair, 1f)]
    [InlineData(33, 13, 64, ImageSimilarity.MeanOfBestMatches, 40f)]
    [InlineData(5, 3, 4, ImageSimilarity.BestPair, 1e-3f)]
    public void The_scan_is_within_its_error_bound_of_the_exact_score_on_random_and_adversarial_items(int queryRows, int itemRows, int dimensions, ImageSimilarity kind, float scale)
    {
        var random = new Random(queryRows * 7 + itemRows);
        var query = KernelInputs.Values(random, queryRows * dimensions, scale);
        query[3] = 50 * scale; // one huge query component: a coarse scale for its row
        var kernel = new QuantizedScanKernel(query, dimensions, kind, vnni: null);
        var scratch = new float[kernel.ScratchLength];
        foreach (var item in Items(random, query, itemRows, dimensions, scale))
        {
            var (codes, meta) = Quantized(item, dimensions);
            var bound = kernel.ErrorBound(meta[itemRows], meta[itemRows + 1]);

            var scanned = kernel.Score(codes, meta.AsSpan(0, itemRows), scratch);

            var exact = EmbeddingSimilarity.ImageToImage(query, item, dimensions, kind);
            Assert.InRange(scanned, exact - bound, exact + bound);
        }
    }

    [Fact]
    public void The_bound_of_unit_rows_is_small_enough_to_prune()
    {
        // 32 x 256 rows of unit length, as the demo model's: the bound is about 1.5 % of the largest possible score.
        var random = new Random(5);
        var query = Normalised(KernelInputs.Values(random, 32 * 256, 1f), 256);
        var kernel = new QuantizedScanKernel(query, 256, ImageSimilarity.MeanOfBestMatches);
        var (_, meta) = Quantized(Normalised(KernelInputs.Values(random, 32 * 256, 1f), 256), 256);

        Assert.InRange(kernel.ErrorBound(meta[32], meta[33]), 1e-4f, 0.03f);
    }

    [Fact]
    public void Quantized_rows_reconstruct_within_the_residual_bound_and_keep_codes_in_range()
    {
        var random = new Random(11);
        var item = KernelInputs.Values(random, 4 * 64, 3f);
        item[70] = 1e6f;
        Array.Clear(item, 128, 64); // a zero row
        var (codes, meta) = Quantized(item, 64);

        for (var row = 0; row < 4; row++)
        {
            double residual = 0;
            for (var k = 0; k < 64; k++)
            {
                var code = codes[(row * 64) + k] - ItemQuantizer.Bias;
                Assert.InRange(code, -127, 127);
                var difference = item[(row * 64) + k] - ((double)meta[row] * code);
                residual += difference * difference;
            }

            Assert.True(Math.Sqrt(residual) <= meta[4], $"row {row}: residual {Math.Sqrt(residual)} above the bound {meta[4]}");
        }

        Assert.Equal(0f, meta[2]);
    }

    private static IEnumerable<float[]> Items(Random random, float[] query, int rows, int dimensions, float scale)
    {
        for (var trial = 0; trial < 30; trial++)
        {
            yield return KernelInputs.Values(random, rows * dimensions, scale * (trial % 3 == 0 ? 0.01f : 1f));
        }

        // One huge component per row: every other component quantizes to zero, the residual is the whole row but one.
        var spiky = KernelInputs.Values(random, rows * dimensions, scale);
        for (var row = 0; row < rows; row++)
        {
            spiky[(row * dimensions) + (row % dimensions)] = 1000 * scale;
        }

        yield return spiky;

        // Zero rows beside ordinary ones, and rows of very different lengths.
        var mixed = KernelInputs.Values(random, rows * dimensions, scale);
        Array.Clear(mixed, 0, dimensions);
        for (var k = dimensions; k < Math.Min(2 * dimensions, mixed.Length); k++)
        {
            mixed[k] *= 1e-6f;
        }

        yield return mixed;
        yield return new float[rows * dimensions];

        // A copy of the query's first rows: the best matches the scan must not overrate.
        yield return query[..(rows * dimensions)];
    }

    private static (byte[] Codes, float[] Meta) Quantized(float[] values, int dimensions)
    {
        var codes = new byte[values.Length];
        var meta = new float[ItemQuantizer.MetaLength(values.Length / dimensions)];
        ItemQuantizer.Quantize(values, dimensions, codes, meta);
        return (codes, meta);
    }

    private static float Reference(float[] query, int dimensions, byte[] codes, float[] meta, ImageSimilarity kind)
    {
        var (queryCodes, queryMeta) = Quantized(query, dimensions);
        var queryRows = query.Length / dimensions;
        var itemRows = codes.Length / dimensions;
        var matches = new float[queryRows];
        for (var i = 0; i < queryRows; i++)
        {
            var best = float.NegativeInfinity;
            for (var j = 0; j < itemRows; j++)
            {
                var sum = 0;
                for (var k = 0; k < dimensions; k++)
                {
                    sum += (queryCodes[(i * dimensions) + k] - ItemQuantizer.Bias) * (codes[(j * dimensions) + k] - ItemQuantizer.Bias);
                }

                best = MathF.Max(best, sum * meta[j]);
            }

            matches[i] = best * queryMeta[i];
        }

        if (kind == ImageSimilarity.BestPair)
        {
            return matches.Max();
        }

        var total = 0f;
        foreach (var match in matches)
        {
            total += match;
        }

        return total / queryRows;
    }

    private static float[] Normalised(float[] rows, int dimensions)
    {
        for (var offset = 0; offset < rows.Length; offset += dimensions)
        {
            var span = rows.AsSpan(offset, dimensions);
            System.Numerics.Tensors.TensorPrimitives.Divide(span, System.Numerics.Tensors.TensorPrimitives.Norm(span), span);
        }

        return rows;
    }

    [Fact]
    public void The_kernel_reports_where_it_runs()
    {
        Assert.True(QuantizedScanKernel.Supports(256, ImageSimilarity.MeanOfBestMatches));
        Assert.True(QuantizedScanKernel.Supports(16, ImageSimilarity.BestPair));
        Assert.False(QuantizedScanKernel.Supports(4, ImageSimilarity.BestPair)); // the kernel computes it (tests above), the float scan after it does not
        Assert.False(QuantizedScanKernel.Supports(512, ImageSimilarity.MeanOfBestMatches)); // sums could reach 2^24
        Assert.False(QuantizedScanKernel.Supports(6, ImageSimilarity.MeanOfBestMatches));
        Assert.False(QuantizedScanKernel.Supports(256, ImageSimilarity.MeanPooledCosine));
    }
}
