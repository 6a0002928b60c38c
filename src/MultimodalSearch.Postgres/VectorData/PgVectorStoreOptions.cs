using Microsoft.Extensions.AI;

namespace MultimodalSearch.Postgres.VectorData;

/// <summary>Options of <see cref="PgVectorStore"/>; the store copies them when it is created.</summary>
public sealed class PgVectorStoreOptions
{
    /// <summary>Gets or sets the schema that holds the collections' tables (default <c>public</c>); created when a collection is.</summary>
    /// <remarks>A lower-case identifier: letters, digits and underscores, starting with a letter or underscore, at most 40 characters.</remarks>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Gets or sets the PostgreSQL text search configuration of full-text indexes and hybrid searches
    /// (default <c>english</c>, which stems words; <c>simple</c> matches words as written).
    /// </summary>
    public string FullTextSearchConfiguration { get; set; } = "english";

    /// <summary>
    /// Gets or sets the least <c>hnsw.ef_search</c> of a search (default 200, 1 to 1000): the size of the candidate list the
    /// HNSW index keeps. A search uses at least twice the results it asks for (up to 1000). Higher is slower and more exact.
    /// </summary>
    public int EfSearch { get; set; } = 200;

    /// <summary>
    /// Gets or sets the most rows a collection may hold for its searches to scan every row instead of asking the
    /// HNSW index (default 20,000; 0: always the index). Below it an exact scan takes a few milliseconds, and
    /// results are exact whatever the index's graph: with many near-duplicate vectors an approximate index can
    /// miss a nearest one. The collection's size is the planner's estimate (rows per page as last analysed, times
    /// the pages now), or a count of at most this many rows for a table without statistics, re-read every 30
    /// seconds and after this collection's writes.
    /// </summary>
    public int ExactSearchThreshold { get; set; } = 20_000;

    /// <summary>Gets or sets the embedding generator of vector properties that configure none themselves, if any.</summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }
}
