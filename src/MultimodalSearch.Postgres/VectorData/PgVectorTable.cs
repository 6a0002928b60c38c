using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>The table behind one collection: its validated, quoted names and its columns, in model order.</summary>
internal sealed class PgVectorTable
{
    private readonly Dictionary<string, PgVectorColumn> _byModelName;

    /// <summary>Creates the table of a collection.</summary>
    /// <param name="schema">The schema (validated).</param>
    /// <param name="name">The collection's name, which is the table's.</param>
    /// <param name="model">The record model.</param>
    /// <param name="fullTextConfiguration">The text search configuration of full-text indexes and queries.</param>
    /// <param name="efSearch">The least <c>hnsw.ef_search</c> of a search.</param>
    /// <param name="exactSearchThreshold">The most rows for which searches scan every row (0: never).</param>
    /// <exception cref="ArgumentException">The name or the configuration is not a valid identifier.</exception>
    public PgVectorTable(string schema, string name, CollectionModel model, string fullTextConfiguration, int efSearch = 100, int exactSearchThreshold = 0)
    {
        EfSearch = efSearch;
        ExactSearchThreshold = exactSearchThreshold;
        PostgresIdentifiers.EnsureIdentifier(schema, "schema");
        PostgresIdentifiers.EnsureCollectionName(name);
        PostgresIdentifiers.EnsureIdentifier(fullTextConfiguration, "full-text search configuration");
        Schema = schema;
        Name = name;
        Model = model;
        QualifiedName = PostgresIdentifiers.Quote(schema) + "." + PostgresIdentifiers.Quote(name);

        // A regconfig literal: validated above, so it holds no quote.
        TextSearchConfiguration = "'" + fullTextConfiguration + "'::regconfig";
        Key = PgVectorColumn.Create(model.KeyProperty);
        Data = [.. model.DataProperties.Select(PgVectorColumn.Create)];
        Vectors = [.. model.VectorProperties.Select(PgVectorColumn.Create)];
        Columns = [Key, .. Data, .. Vectors];
        _byModelName = Columns.ToDictionary(c => c.Property.ModelName, StringComparer.Ordinal);
    }

    /// <summary>Gets the schema, unquoted.</summary>
    public string Schema { get; }

    /// <summary>Gets the table's (and the collection's) name, unquoted.</summary>
    public string Name { get; }

    /// <summary>Gets the quoted, schema-qualified table name.</summary>
    public string QualifiedName { get; }

    /// <summary>Gets the record model.</summary>
    public CollectionModel Model { get; }

    /// <summary>Gets the least <c>hnsw.ef_search</c> of a search.</summary>
    public int EfSearch { get; }

    /// <summary>Gets the most rows for which searches scan every row instead of asking the index (0: never).</summary>
    public int ExactSearchThreshold { get; }

    /// <summary>Gets the <c>regconfig</c> literal of full-text indexes and queries.</summary>
    public string TextSearchConfiguration { get; }

    /// <summary>Gets the key column.</summary>
    public PgVectorColumn Key { get; }

    /// <summary>Gets the data columns.</summary>
    public IReadOnlyList<PgVectorColumn> Data { get; }

    /// <summary>Gets the vector columns.</summary>
    public IReadOnlyList<PgVectorColumn> Vectors { get; }

    /// <summary>Gets every column: the key, the data, then the vectors.</summary>
    public IReadOnlyList<PgVectorColumn> Columns { get; }

    /// <summary>Gets the key of the advisory lock that serialises schema changes of this table.</summary>
    public string LockKey => "mevd:" + Schema + "." + Name;

    /// <summary>Gets the column of <paramref name="property"/>.</summary>
    /// <param name="property">The property.</param>
    /// <returns>The column.</returns>
    public PgVectorColumn this[PropertyModel property] => _byModelName[property.ModelName];

    /// <summary>Gets the name of the table's index number <paramref name="ordinal"/> of kind <paramref name="kind"/>, quoted.</summary>
    /// <param name="kind">A short tag: <c>i</c> btree or GIN on a data column, <c>v</c> vector, <c>f</c> full text.</param>
    /// <param name="ordinal">The column's position among its kind.</param>
    /// <returns>The index name; short, so that it never reaches PostgreSQL's 63-byte limit.</returns>
    public string IndexName(string kind, int ordinal) =>
        PostgresIdentifiers.Quote(FormattableString.Invariant($"{Name}_{kind}{ordinal}"));

    /// <summary>Gets whether the vector column uses an HNSW index.</summary>
    /// <param name="column">A vector column.</param>
    /// <returns>True for HNSW (the default), false for flat (exact scans).</returns>
    public static bool IsHnsw(PgVectorColumn column) => (column.Vector!.IndexKind ?? IndexKind.Hnsw) == IndexKind.Hnsw;
}
