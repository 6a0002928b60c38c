using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Builds the record model of a <see cref="PgVectorCollection{TKey, TRecord}"/> from the MEVD attributes or a
/// <see cref="VectorStoreCollectionDefinition"/>, and refuses what the collection cannot store with a message
/// that names the property.
/// </summary>
internal sealed class PgVectorModelBuilder() : CollectionModelBuilder(BuildingOptions)
{
    /// <summary>The key types the collection stores.</summary>
    public const string SupportedKeyTypes = "Guid, int, long or string";

    /// <summary>The data types the collection stores (and their nullable forms).</summary>
    public const string SupportedDataTypes = "string, int, long, float, double, bool, Guid, DateTimeOffset, string[] or List<string>";

    /// <summary>The vector types the collection stores.</summary>
    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, float[] or Embedding<float>";

    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        SupportsMultipleVectors = true,
        RequiresAtLeastOneVector = false,
        UsesExternalSerializer = false,
        ReservedKeyStorageName = null,
    };

    /// <summary>Builds the model of a typed collection.</summary>
    /// <param name="keyType">The collection's key type.</param>
    /// <param name="recordType">The record type.</param>
    /// <param name="definition">The definition that overrides the attributes, if any.</param>
    /// <param name="embeddingGenerator">The default embedding generator, if any.</param>
    /// <returns>The model.</returns>
    [RequiresDynamicCode("Reads the record type's properties by reflection.")]
    [RequiresUnreferencedCode("Reads the record type's properties by reflection.")]
    public static CollectionModel BuildTyped(Type keyType, Type recordType, VectorStoreCollectionDefinition? definition, IEmbeddingGenerator? embeddingGenerator) =>
        new PgVectorModelBuilder().Build(recordType, keyType, definition!, embeddingGenerator!);

    /// <summary>Builds the model of a dynamic (<c>Dictionary&lt;string, object?&gt;</c>) collection.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="embeddingGenerator">The default embedding generator, if any.</param>
    /// <returns>The model.</returns>
    public static CollectionModel BuildDynamicModel(VectorStoreCollectionDefinition definition, IEmbeddingGenerator? embeddingGenerator) =>
        new PgVectorModelBuilder().BuildDynamic(definition, embeddingGenerator!);

    /// <summary>Gets whether <paramref name="type"/> is a key type the collection stores.</summary>
    /// <param name="type">The type.</param>
    /// <returns>True when supported.</returns>
    public static bool IsKeyTypeValid(Type type) =>
        type == typeof(Guid) || type == typeof(int) || type == typeof(long) || type == typeof(string);

    /// <summary>Gets whether <paramref name="type"/> is a vector type the collection stores natively.</summary>
    /// <param name="type">The type.</param>
    /// <returns>True when supported.</returns>
    public static bool IsNativeVectorType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(ReadOnlyMemory<float>) || type == typeof(float[]) || type == typeof(Embedding<float>);
    }

    /// <inheritdoc />
    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedDataTypes;
        return PgVectorColumnTypes.IsDataTypeSupported(type);
    }

    /// <inheritdoc />
    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsNativeVectorType(type);
    }

    /// <inheritdoc />
    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);
        if (!IsKeyTypeValid(keyProperty.Type))
        {
            throw new NotSupportedException(
                $"Key property '{keyProperty.ModelName}' has type '{keyProperty.Type.Name}'; PgVectorCollection keys must be {SupportedKeyTypes}.");
        }
    }

    /// <inheritdoc />
    protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
    {
        base.ValidateProperty(propertyModel, definition);
        PgVectorColumnTypes.EnsureColumnName(propertyModel);
        switch (propertyModel)
        {
            case DataPropertyModel { IsFullTextIndexed: true } data when (Nullable.GetUnderlyingType(data.Type) ?? data.Type) != typeof(string):
                throw new NotSupportedException(
                    $"Data property '{data.ModelName}' is full-text indexed but has type '{data.Type.Name}'; only string properties can be full-text indexed.");
            case VectorPropertyModel vector:
                _ = PgVectorDistance.For(vector);
                break;
        }
    }
}
