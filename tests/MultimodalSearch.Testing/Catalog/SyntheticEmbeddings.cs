namespace MultimodalSearch.Testing.Catalog;

/// <summary>
/// Deterministic, L2-normalised synthetic embeddings for store tests: the same seed always gives the
/// same vectors on every machine, so every store gets the same inputs and the same expected results.
/// </summary>
public static class SyntheticEmbeddings
{
    /// <summary>The default width of a vector in the behaviour suite.</summary>
    public const int Dimensions = 256;

    /// <summary>The default number of query vectors per image (BLIP-2's).</summary>
    public const int QueryCount = 32;

    /// <summary>Creates an image embedding of <paramref name="queryCount"/> normalised rows.</summary>
    /// <param name="seed">Selects the vectors.</param>
    /// <param name="dimensions">The width of each row.</param>
    /// <param name="queryCount">The number of rows.</param>
    /// <returns>The embedding.</returns>
    public static ImageEmbedding Image(int seed, int dimensions = Dimensions, int queryCount = QueryCount) =>
        new(NormalisedRows(seed, dimensions, queryCount), queryCount);

    /// <summary>Creates a normalised text embedding.</summary>
    /// <param name="seed">Selects the vector.</param>
    /// <param name="dimensions">The width of the vector.</param>
    /// <returns>The embedding.</returns>
    public static TextEmbedding Text(int seed, int dimensions = Dimensions) =>
        new(NormalisedRows(seed ^ 0x5EED, dimensions, 1));

    /// <summary>Creates <paramref name="rows"/> rows of <paramref name="dimensions"/> floats, each of unit length.</summary>
    /// <param name="seed">Selects the vectors.</param>
    /// <param name="dimensions">The width of each row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <returns>The rows, row-major.</returns>
    public static float[] NormalisedRows(int seed, int dimensions, int rows)
    {
        var random = new Random(seed);
        var values = new float[dimensions * rows];
        for (var row = 0; row < rows; row++)
        {
            var span = values.AsSpan(row * dimensions, dimensions);
            var sum = 0.0;
            for (var i = 0; i < span.Length; i++)
            {
                // Uniform values centred on zero are enough: the tests need distinct, reproducible scores.
                var value = (float)(random.NextDouble() * 2 - 1);
                span[i] = value;
                sum += value * value;
            }

            var norm = (float)Math.Sqrt(sum);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] /= norm;
            }
        }

        return values;
    }
}
