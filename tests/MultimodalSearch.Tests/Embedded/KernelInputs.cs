using System.Numerics.Tensors;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>Random rows for the scan kernel tests, and the row-norm bound the kernels' error bounds take.</summary>
internal static class KernelInputs
{
    /// <summary>Creates <paramref name="count"/> values uniform in [-<paramref name="scale"/>, <paramref name="scale"/>).</summary>
    /// <param name="random">The source.</param>
    /// <param name="count">The number of values.</param>
    /// <param name="scale">The largest magnitude.</param>
    /// <returns>The values.</returns>
    public static float[] Values(Random random, int count, float scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 2 * scale))];

    /// <summary>Gets an upper bound of every row's L2 norm (the computed norm, 0.1 % up, as the store rounds it).</summary>
    /// <param name="rows">The rows, row-major.</param>
    /// <param name="dimensions">The width of a row.</param>
    /// <returns>The bound.</returns>
    public static float MaxRowNorm(float[] rows, int dimensions)
    {
        var max = 0f;
        for (var offset = 0; offset < rows.Length; offset += dimensions)
        {
            max = MathF.Max(max, TensorPrimitives.Norm(rows.AsSpan(offset, dimensions)) * 1.001f);
        }

        return max;
    }
}
