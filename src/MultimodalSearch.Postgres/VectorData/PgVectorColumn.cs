using Microsoft.Extensions.VectorData.ProviderServices;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>One column of a collection's table: its property, quoted name and type.</summary>
/// <param name="Property">The record property.</param>
/// <param name="QuotedName">The quoted column name.</param>
/// <param name="SqlType">The column type.</param>
internal sealed record PgVectorColumn(PropertyModel Property, string QuotedName, string SqlType)
{
    /// <summary>Gets the type to cast a parameter to in a statement: the column type, without the vector width.</summary>
    /// <remarks>A bit string keeps its width: <c>::bit</c> alone would mean <c>bit(1)</c> and cut the value.</remarks>
    public string CastType => Property is VectorPropertyModel vector && PgVectorColumnTypes.VectorSqlType(vector) != "bit"
        ? PgVectorColumnTypes.VectorSqlType(vector)
        : SqlType;

    /// <summary>Gets the vector property, or null for a key or data column.</summary>
    public VectorPropertyModel? Vector => Property as VectorPropertyModel;

    /// <summary>Creates the column of <paramref name="property"/>.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The column.</returns>
    public static PgVectorColumn Create(PropertyModel property) =>
        new(property, PostgresIdentifiers.Quote(property.StorageName), PgVectorColumnTypes.SqlType(property));
}
