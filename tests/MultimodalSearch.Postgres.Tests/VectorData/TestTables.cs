using System.Reflection;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Builds the internal table model of a record type, for tests of the SQL text that need no server.</summary>
public static class TestTables
{
    /// <summary>Gets the table of <typeparamref name="TRecord"/> in schema <c>s</c>, named <c>t</c>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="definition">The definition, or null for the attributes.</param>
    /// <returns>The table.</returns>
    internal static PgVectorTable For<TKey, TRecord>(VectorStoreCollectionDefinition? definition = null) =>
        new("s", "t", PgVectorModelBuilder.BuildTyped(typeof(TKey), typeof(TRecord), definition, null), "english");

    /// <summary>Gets the table of a dynamic collection with <paramref name="definition"/> in schema <c>s</c>, named <c>t</c>.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The table.</returns>
    internal static PgVectorTable ForDynamic(VectorStoreCollectionDefinition definition) =>
        new("s", "t", PgVectorModelBuilder.BuildDynamicModel(definition, null), "english");

    /// <summary>Writes the definition equivalent to the attributes of <typeparamref name="TRecord"/>'s properties (for dynamic collections over the same table).</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <returns>The definition.</returns>
    public static VectorStoreCollectionDefinition DefinitionOf<TRecord>()
    {
        var properties = new List<VectorStoreProperty>();
        foreach (var property in typeof(TRecord).GetProperties())
        {
            if (property.GetCustomAttribute<VectorStoreKeyAttribute>() is not null)
            {
                properties.Add(new VectorStoreKeyProperty(property.Name, property.PropertyType));
            }
            else if (property.GetCustomAttribute<VectorStoreDataAttribute>() is { } data)
            {
                properties.Add(new VectorStoreDataProperty(property.Name, property.PropertyType) { IsIndexed = data.IsIndexed, IsFullTextIndexed = data.IsFullTextIndexed });
            }
            else if (property.GetCustomAttribute<VectorStoreVectorAttribute>() is { } vector)
            {
                properties.Add(new VectorStoreVectorProperty(property.Name, property.PropertyType, vector.Dimensions) { DistanceFunction = vector.DistanceFunction, IndexKind = vector.IndexKind });
            }
        }

        return new VectorStoreCollectionDefinition { Properties = properties };
    }
}
