using System.Globalization;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// A clustered synthetic catalog, so that nearest neighbours mean something: each category has a few
/// themes; an item is a theme plus noise, its 32 query vectors the item plus smaller noise; a text or photo
/// query is a theme plus noise. Deterministic for a seed.
/// </summary>
/// <param name="seed">Selects the catalog.</param>
public sealed class Clustered(int seed)
{
    /// <summary>The number of categories.</summary>
    public const int Categories = 6;

    /// <summary>The query vectors per item.</summary>
    public const int QueryCount = 32;

    private const int Dimensions = 256;
    private const int ThemesPerCategory = 4;

    private readonly float[][] _themes = Enumerable.Range(0, Categories * ThemesPerCategory).Select(t => Noisy(null, 1f, new Random(seed * 1000 + t))).ToArray();

    /// <summary>Gets the name of category <paramref name="index"/>.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The name.</returns>
    public static string Category(int index) => "category-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates the items.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The items, spread over the categories.</returns>
    public IReadOnlyList<CatalogItem> Items(int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var random = new Random(seed + (i * 7919));
        var theme = i % _themes.Length;
        var centre = Noisy(_themes[theme], 0.6f, random);
        var vectors = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            Noisy(centre, 0.8f, random).CopyTo(vectors, q * Dimensions);
        }

        return new CatalogItem
        {
            Id = "item-" + i.ToString("D5", CultureInfo.InvariantCulture),
            Category = Category(theme / ThemesPerCategory),
            Name = "Item " + i.ToString(CultureInfo.InvariantCulture),
            Embedding = new ImageEmbedding(vectors, QueryCount),
        };
    })];

    /// <summary>Creates text query <paramref name="index"/>, near a theme of category <c>index % 6</c>.</summary>
    /// <param name="index">The query's index.</param>
    /// <returns>The text embedding.</returns>
    public TextEmbedding Text(int index) => new(Noisy(Theme(index), 1f, new Random(-seed - index)));

    /// <summary>Creates photo query <paramref name="index"/>, near a theme of category <c>index % 6</c>.</summary>
    /// <param name="index">The query's index.</param>
    /// <returns>The image embedding.</returns>
    public ImageEmbedding Photo(int index)
    {
        var random = new Random(seed - (index * 31));
        var centre = Noisy(Theme(index), 0.6f, random);
        var vectors = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            Noisy(centre, 0.8f, random).CopyTo(vectors, q * Dimensions);
        }

        return new ImageEmbedding(vectors, QueryCount);
    }

    private float[] Theme(int index) => _themes[((index % Categories) * ThemesPerCategory) + ((index / Categories) % ThemesPerCategory)];

    /// <summary>Returns <paramref name="centre"/> plus Gaussian noise of relative size <paramref name="noise"/>, normalised.</summary>
    private static float[] Noisy(float[]? centre, float noise, Random random)
    {
        var vector = new float[Dimensions];
        var scale = noise / MathF.Sqrt(Dimensions);
        var norm = 0f;
        for (var i = 0; i < Dimensions; i++)
        {
            // Box-Muller: a normal deviate from two uniform ones.
            var gaussian = MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
            vector[i] = (centre?[i] ?? 0f) + (gaussian * scale);
            norm += vector[i] * vector[i];
        }

        norm = MathF.Sqrt(norm);
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
