namespace MultimodalSearch.Postgres.Catalog;

/// <summary>The shape every embedding of a catalog has: its vector width and number of query vectors.</summary>
/// <param name="Dimensions">The width of each vector.</param>
/// <param name="QueryCount">The number of query vectors per item.</param>
internal sealed record PgVectorCatalogShape(int Dimensions, int QueryCount);
