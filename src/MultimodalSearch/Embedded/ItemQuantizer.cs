namespace MultimodalSearch.Embedded;

/// <summary>
/// The int8 copy of an item's rows that <see cref="QuantizedScanKernel"/> scans: each row d_j is kept as codes
/// c_jk = round(d_jk / s_j) in [-127, 127] with its own scale s_j = max_k |d_jk| / 127, stored biased as the bytes
/// c_jk + 128 (the kernel multiplies unsigned item bytes by signed query bytes). Beside the codes, per item:
/// the row scales, then rho, an upper bound of every row's residual norm |d_j - s_j c_j|, and nu, an upper bound of
/// every reconstructed row's norm |s_j c_j|: what the kernel's error bound needs.
/// </summary>
internal static class ItemQuantizer
{
    /// <summary>The bias added to a signed code to store it as a byte.</summary>
    public const int Bias = 128;

    /// <summary>Gets how many floats of metadata one item of <paramref name="rows"/> rows has.</summary>
    /// <param name="rows">The item's rows.</param>
    /// <returns>The row scales, rho and nu.</returns>
    public static int MetaLength(int rows) => rows + 2;

    /// <summary>Quantizes one item.</summary>
    /// <param name="values">The item's stored values, row-major, as float32 (float16 values converted exactly).</param>
    /// <param name="dimensions">The width of a row.</param>
    /// <param name="codes">Receives the biased codes, one byte per value.</param>
    /// <param name="meta">Receives <see cref="MetaLength(int)"/> floats: the row scales, rho, nu.</param>
    public static void Quantize(ReadOnlySpan<float> values, int dimensions, Span<byte> codes, Span<float> meta)
    {
        var rows = values.Length / dimensions;
        double residual = 0, coded = 0;
        for (var row = 0; row < rows; row++)
        {
            var vector = values.Slice(row * dimensions, dimensions);
            var scale = Scale(vector);
            meta[row] = scale;
            double residualSquares = 0, codedSquares = 0;
            for (var k = 0; k < dimensions; k++)
            {
                var code = Code(vector[k], scale);
                codes[(row * dimensions) + k] = (byte)(code + Bias);

                // In double, the products and differences of floats and small integers are exact; the sums of squares
                // are rounded, which the 0.1 % margin below covers many times over.
                var reconstructed = (double)scale * code;
                residualSquares += (vector[k] - reconstructed) * (vector[k] - reconstructed);
                codedSquares += reconstructed * reconstructed;
            }

            residual = Math.Max(residual, Math.Sqrt(residualSquares));
            coded = Math.Max(coded, Math.Sqrt(codedSquares));
        }

        meta[rows] = RoundUp(residual);
        meta[rows + 1] = RoundUp(coded);
    }

    /// <summary>Gets the scale of one row: its largest magnitude over 127, so that its codes fit [-127, 127].</summary>
    /// <param name="row">The row.</param>
    /// <returns>The scale; 0 for a row of zeros.</returns>
    public static float Scale(ReadOnlySpan<float> row)
    {
        var max = 0f;
        foreach (var value in row)
        {
            max = MathF.Max(max, MathF.Abs(value));
        }

        return max / 127f;
    }

    /// <summary>Gets the code of one value: round(value / scale), clamped to [-127, 127] (the division may round past 127).</summary>
    /// <param name="value">The value.</param>
    /// <param name="scale">Its row's scale.</param>
    /// <returns>The code; 0 when the scale is 0.</returns>
    public static int Code(float value, float scale) =>
        scale == 0 ? 0 : Math.Clamp((int)MathF.Round(value / scale, MidpointRounding.ToEven), -127, 127);

    /// <summary>Rounds a non-negative double up to a float, with a 0.1 % margin for the rounding of the sums behind it.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A float at least <paramref name="value"/>.</returns>
    public static float RoundUp(double value) => (float)((value * 1.001) + 1e-30);
}
