namespace MultimodalSearch.Postgres.Catalog;

/// <summary>The validated, quoted names of one catalog's tables and indexes.</summary>
internal sealed record PgVectorCatalogNames
{
    private PgVectorCatalogNames(string schema, string collection)
    {
        Schema = schema;
        Collection = collection;
        QuotedSchema = PostgresIdentifiers.Quote(schema);
        Items = Qualified(schema, collection + "_items");
        Vectors = Qualified(schema, collection + "_vectors");
        Meta = Qualified(schema, collection + "_meta");
        ItemsCategoryIndex = PostgresIdentifiers.Quote(collection + "_items_category");
        VectorsCategoryIndex = PostgresIdentifiers.Quote(collection + "_vectors_category_query");
        LegacyVectorsCategoryIndex = PostgresIdentifiers.Quote(collection + "_vectors_category");
        VectorsRouteIndex = PostgresIdentifiers.Quote(collection + "_vectors_route");
        HnswIndexName = collection + "_vectors_pooled_hnsw";
        HnswIndex = PostgresIdentifiers.Quote(HnswIndexName);
        LegacyHnswIndex = PostgresIdentifiers.Quote(collection + "_vectors_hnsw");
    }

    /// <summary>Gets the schema name, unquoted.</summary>
    public string Schema { get; }

    /// <summary>Gets the collection name (the table prefix), unquoted.</summary>
    public string Collection { get; }

    /// <summary>Gets the quoted schema.</summary>
    public string QuotedSchema { get; }

    /// <summary>Gets the qualified, quoted items table.</summary>
    public string Items { get; }

    /// <summary>Gets the qualified, quoted table of query vectors (one row per item and query index).</summary>
    public string Vectors { get; }

    /// <summary>Gets the qualified, quoted table with the schema version and the catalog's shape.</summary>
    public string Meta { get; }

    /// <summary>Gets the quoted name of the btree index on the items' category.</summary>
    public string ItemsCategoryIndex { get; }

    /// <summary>Gets the quoted name of the btree index on the vectors' category and query index (a category's centroid rows, or its query vector rows, without the others).</summary>
    public string VectorsCategoryIndex { get; }

    /// <summary>Gets the quoted name of the category index of schema versions up to 3 (category alone), which version 4 replaces.</summary>
    public string LegacyVectorsCategoryIndex { get; }

    /// <summary>Gets the quoted name of the vectors table's index of centroid rows by route key (<see cref="PgVectorCatalogSqlBuilder.RouteKey(string)"/>).</summary>
    public string VectorsRouteIndex { get; }

    /// <summary>Gets the unquoted name of the HNSW index over the items' pooled rows (to look it up in the catalog).</summary>
    public string HnswIndexName { get; }

    /// <summary>Gets the quoted name of the HNSW index.</summary>
    public string HnswIndex { get; }

    /// <summary>Gets the quoted name of the HNSW index over every query vector that schema version 1 had (dropped by the migration to 2).</summary>
    public string LegacyHnswIndex { get; }

    /// <summary>Gets the key of the advisory lock that serialises schema changes of this catalog.</summary>
    public string LockKey => Schema + "." + Collection;

    /// <summary>Validates the names and builds the catalog's names.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="collection">The collection.</param>
    /// <returns>The names.</returns>
    /// <exception cref="ArgumentException">A name is not a valid identifier.</exception>
    public static PgVectorCatalogNames Create(string schema, string collection)
    {
        PostgresIdentifiers.EnsureIdentifier(schema, nameof(PgVectorCatalogOptions.Schema));
        PostgresIdentifiers.EnsureIdentifier(collection, nameof(PgVectorCatalogOptions.Collection));
        return new PgVectorCatalogNames(schema, collection);
    }

    private static string Qualified(string schema, string table) => PostgresIdentifiers.Quote(schema) + "." + PostgresIdentifiers.Quote(table);
}
