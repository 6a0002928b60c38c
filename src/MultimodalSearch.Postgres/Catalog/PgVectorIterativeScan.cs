namespace MultimodalSearch.Postgres.Catalog;

/// <summary>pgvector's <c>hnsw.iterative_scan</c> modes: how a filtered HNSW search continues when the filter removes candidates.</summary>
public enum PgVectorIterativeScan
{
    /// <summary>No iterative scan: a filtered search returns at most <c>hnsw.ef_search</c> candidates before filtering.</summary>
    Off = 0,

    /// <summary>Scan on until enough rows pass the filter, returning them in approximately distance order (re-sorted by the store).</summary>
    RelaxedOrder = 1,

    /// <summary>Scan on until enough rows pass the filter, returning them in exact distance order (slower).</summary>
    StrictOrder = 2,
}
