using System.Globalization;
using System.Numerics.Tensors;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// A deterministic synthetic catalog shaped like BLIP-2's: every item has 32 normalised query vectors that
/// share the item's concept (its "product") and each lean towards one of the item's attributes ("colour",
/// "pattern", ...), with noise; concepts belong to categories and attributes are shared across them.
/// Texts are a concept plus an attribute plus noise. Uniform random vectors would make every neighbour
/// equally far, which neither real embeddings nor HNSW look like.
/// </summary>
/// <remarks>Used by the pgvector recall tests and the PostgreSQL benchmarks (linked into the test project).</remarks>
public sealed class ClusteredCatalog
{
    /// <summary>The vector width.</summary>
    public const int Dimensions = 256;

    /// <summary>The query vectors per item.</summary>
    public const int QueryCount = 32;

    /// <summary>The number of categories the items are spread over, round robin.</summary>
    public const int Categories = 6;

    private const int ConceptsPerCategory = 40;
    private const int Attributes = 48;
    private const int AttributesPerItem = 3;
    private readonly float[] _concepts;
    private readonly float[] _attributes;
    private readonly int _seed;

    /// <summary>Creates the catalog's concepts and attributes from <paramref name="seed"/>.</summary>
    /// <param name="seed">Selects every vector.</param>
    public ClusteredCatalog(int seed = 1)
    {
        _seed = seed;
        var random = new Random(seed);
        _concepts = RandomUnitRows(random, Categories * ConceptsPerCategory);
        _attributes = RandomUnitRows(random, Attributes);
    }

    /// <summary>Gets the name of category <paramref name="index"/>.</summary>
    /// <param name="index">The index, from 0.</param>
    /// <returns>The name.</returns>
    public static string Category(int index) => "category-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates items <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1; the same index always gives the same item.</summary>
    /// <param name="first">The first item's index.</param>
    /// <param name="count">The number of items.</param>
    /// <param name="category">The category of every item, or null to spread them over <see cref="Categories"/> round robin.</param>
    /// <returns>The items, with ids <c>item-{index:D6}</c>.</returns>
    public CatalogItem[] Items(int first, int count, string? category = null)
    {
        var items = new CatalogItem[count];
        Parallel.For(0, count, i => items[i] = Item(first + i, category));
        return items;
    }

    /// <summary>Creates a text embedding near one concept of <paramref name="categoryIndex"/> and one attribute.</summary>
    /// <param name="index">Selects the text.</param>
    /// <param name="categoryIndex">The category whose concept the text describes.</param>
    /// <returns>The embedding.</returns>
    public TextEmbedding Text(int index, int categoryIndex)
    {
        var random = new Random(unchecked((_seed * 104_729) + (index * 17) + 2));
        var vector = new float[Dimensions];
        var concept = (categoryIndex * ConceptsPerCategory) + random.Next(ConceptsPerCategory);
        Mix(vector, Row(_concepts, concept), 1f);
        Mix(vector, Row(_attributes, random.Next(Attributes)), 0.6f);
        AddNoise(random, vector, 0.8f);
        Normalise(vector);
        return new TextEmbedding(vector);
    }

    private CatalogItem Item(int index, string? category)
    {
        var random = new Random(unchecked((_seed * 7_919) + (index * 31) + 1));
        var categoryIndex = index % Categories;
        var concept = Row(_concepts, (categoryIndex * ConceptsPerCategory) + random.Next(ConceptsPerCategory));
        Span<int> attributes = stackalloc int[AttributesPerItem];
        for (var a = 0; a < AttributesPerItem; a++)
        {
            attributes[a] = random.Next(Attributes);
        }

        var vectors = new float[QueryCount * Dimensions];
        for (var q = 0; q < QueryCount; q++)
        {
            var row = vectors.AsSpan(q * Dimensions, Dimensions);
            Mix(row, concept, 0.7f);
            Mix(row, Row(_attributes, attributes[q % AttributesPerItem]), 0.5f);
            AddNoise(random, row, 1.1f);
            Normalise(row);
        }

        var id = "item-" + index.ToString("D6", CultureInfo.InvariantCulture);
        return new CatalogItem
        {
            Id = id,
            Category = category ?? Category(categoryIndex),
            Name = "Product " + index.ToString(CultureInfo.InvariantCulture),
            ImageLocation = "images/" + id + ".jpg",
            ContentHash = "sha256:" + index.ToString("x8", CultureInfo.InvariantCulture),
            Embedding = new ImageEmbedding(vectors, QueryCount),
        };
    }

    private static float[] RandomUnitRows(Random random, int rows)
    {
        var values = new float[rows * Dimensions];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * Dimensions, Dimensions);
            AddNoise(random, row, (float)Math.Sqrt(Dimensions));
            Normalise(row);
        }

        return values;
    }

    private static ReadOnlySpan<float> Row(float[] rows, int index) => rows.AsSpan(index * Dimensions, Dimensions);

    private static void Mix(Span<float> destination, ReadOnlySpan<float> source, float weight) =>
        TensorPrimitives.MultiplyAdd(source, weight, destination, destination);

    /// <summary>Adds Gaussian noise whose expected norm is <paramref name="norm"/>.</summary>
    private static void AddNoise(Random random, Span<float> destination, float norm)
    {
        var scale = norm / MathF.Sqrt(destination.Length);
        for (var i = 0; i < destination.Length; i += 2)
        {
            // Box-Muller: two independent standard normals per pair of uniforms.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2.0 * Math.Log(u1));
            destination[i] += scale * (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] += scale * (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    private static void Normalise(Span<float> vector) => TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
}
