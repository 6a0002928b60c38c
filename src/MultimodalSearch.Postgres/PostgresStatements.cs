namespace MultimodalSearch.Postgres;

/// <summary>The SQL statements both stores use: locks, the pgvector extension, the size estimate of a table.</summary>
internal static class PostgresStatements
{
    /// <summary>Takes an advisory lock for the rest of the transaction. $1: the lock key.</summary>
    public static string AdvisoryLock => "SELECT pg_advisory_xact_lock(hashtext($1))";

    /// <summary>Reads the installed pgvector version (no row when the extension is missing).</summary>
    public static string VectorExtensionVersion => "SELECT extversion FROM pg_extension WHERE extname = 'vector'";

    /// <summary>The cheapest statement a server answers: a liveness check.</summary>
    public static string Ping => "SELECT 1";

    /// <summary>Tells whether a table exists (without creating anything, and without an error when its schema is missing). $1: its qualified name.</summary>
    public static string TableExists => "SELECT to_regclass($1) IS NOT NULL";

    /// <summary>Installs pgvector in the database.</summary>
    public static string CreateVectorExtension => "CREATE EXTENSION IF NOT EXISTS vector";

    /// <summary>
    /// The table's size as the planner estimates it (rows per page as last analysed, times its pages now) while
    /// it has at most doubled since; otherwise (never analysed, analysed empty, or grown more than that, when the
    /// density of a nearly empty first page says little) its rows counted up to $1, so that a large table is not
    /// read whole. $1: the most rows to count; $2: the table's qualified name.
    /// </summary>
    /// <param name="qualifiedTable">The table's quoted, schema-qualified name (validated identifiers).</param>
    /// <returns>The statement.</returns>
    public static string RowEstimate(string qualifiedTable) =>
        "SELECT CASE WHEN c.reltuples > 0 AND c.relpages > 0 AND n.pages <= 2 * c.relpages " +
        "THEN (c.reltuples / c.relpages * n.pages)::bigint " +
        $"ELSE (SELECT count(*) FROM (SELECT 1 FROM {qualifiedTable} LIMIT $1) AS s) END " +
        "FROM pg_class AS c CROSS JOIN LATERAL (SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint AS pages) AS n " +
        "WHERE c.oid = $2::regclass";
}
