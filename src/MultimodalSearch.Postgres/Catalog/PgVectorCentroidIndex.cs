namespace MultimodalSearch.Postgres.Catalog;

/// <summary>The kind of pgvector index over the catalog's centroid rows (8 per item), where searches find their candidates.</summary>
public enum PgVectorCentroidIndex
{
    /// <summary>
    /// An HNSW graph (<c>m</c> and <c>ef_construction</c> from the options): grows row by row with the catalog and keeps
    /// its quality whatever the writes; single-threaded to build (146-186 s for 50,000 items on 2 cores).
    /// </summary>
    Hnsw = 0,

    /// <summary>
    /// An IVFFlat index: the rows grouped in lists around k-means centres trained on the rows present when it is
    /// built (one list per 1,000 rows, the square root of the rows past a million), and a search scans the lists
    /// whose centres are nearest. It builds more than ten times faster than HNSW (11-15 s for 50,000 items), and
    /// is as exact once re-scored; the lists are trained again when a bulk load ends and when the store opens a catalog
    /// whose size is more than four times off the one the lists were made for. Best for catalogs loaded in bulk.
    /// </summary>
    IvfFlat = 1,
}
