using System.Globalization;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Every SQL statement of the pgvector catalog, in one place. Identifiers are validated and quoted here;
/// every value is a <c>$n</c> parameter. The only literals spliced into SQL are integers from validated options.
/// </summary>
internal static class PgVectorCatalogSqlBuilder
{
    /// <summary>The current schema version; <see cref="Migrations"/> brings a catalog up to it.</summary>
    public static int SchemaVersion => Migrations.Count;

    /// <summary>Gets the migrations: entry <c>n</c> takes a catalog from version <c>n</c> to <c>n + 1</c>.</summary>
    private static IReadOnlyList<Func<PgVectorCatalogNames, string[]>> Migrations { get; } =
    [
        names =>
        [
            $"""
            CREATE TABLE {names.Items} (
                id text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
                category text COLLATE "C" NOT NULL CHECK (category <> ''),
                name text NOT NULL DEFAULT '',
                image_location text,
                content_hash text,
                metadata jsonb NOT NULL DEFAULT jsonb_build_object(),
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
            $"CREATE INDEX {names.ItemsCategoryIndex} ON {names.Items} (category)",
        ],

        // Version 2: the HNSW index holds one pooled row per item instead of all its query vectors. A catalog
        // that holds vectors gets its pooled rows here and loses the old index; the store then builds the new
        // one when it opens the catalog (see PgVectorSchema), so no search ever runs on a half-migrated layout.
        names =>
        [
            $"""
            DO $migrate$
            BEGIN
                IF to_regclass('{names.Vectors.Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL THEN
                    DROP INDEX IF EXISTS {names.QuotedSchema}.{names.LegacyHnswIndex};
                    ALTER TABLE {names.Vectors} ADD COLUMN IF NOT EXISTS query_vectors real[];
                    ALTER TABLE {names.Vectors} ALTER COLUMN query_vectors SET STORAGE EXTERNAL;
                    INSERT INTO {names.Vectors} (item_id, query_index, category, embedding, query_vectors)
                    SELECT g.item_id, {PooledQueryIndex}, g.category, g.pooled,
                        (SELECT array_agg(x ORDER BY v.query_index, u.ord) FROM {names.Vectors} v
                            CROSS JOIN LATERAL unnest(v.embedding::real[]) WITH ORDINALITY AS u(x, ord)
                            WHERE v.item_id = g.item_id AND v.query_index >= 0)
                    FROM (SELECT item_id, min(category) AS category, l2_normalize(avg(embedding)) AS pooled
                        FROM {names.Vectors} WHERE query_index >= 0 GROUP BY item_id) g
                    ON CONFLICT (item_id, query_index) DO NOTHING;
                END IF;
            END
            $migrate$
            """,
        ],

        // Version 3: the centroid rows' route key index, from which a text probe takes its routes (IndexSearch).
        names =>
        [
            $"""
            DO $migrate$
            BEGIN
                IF to_regclass('{names.Vectors.Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL THEN
                    {CreateRouteIndex(names)};
                END IF;
            END
            $migrate$
            """,
        ],

        // Version 4: the vectors' category index also keys the query index, so that a category's centroid rows are read
        // without its query vector rows (ScannedProbeSearch). A table still waiting for its first load's indexes gets
        // them all in CompleteVectors.
        names =>
        [
            $"""
            DO $migrate$
            BEGIN
                IF to_regclass('{(names.QuotedSchema + "." + names.LegacyVectorsCategoryIndex).Replace("'", "''", StringComparison.Ordinal)}') IS NOT NULL THEN
                    {CreateCategoryIndex(names)};
                    DROP INDEX {names.QuotedSchema}.{names.LegacyVectorsCategoryIndex};
                END IF;
            END
            $migrate$
            """,
        ],

        // Version 5: centroids seeded farthest-first. No statement: the store computes every item's centroid rows again
        // in the same transaction (PgVectorCentroidRecompute, called by PgVectorSchema), which k-means in SQL could not.
        names => [],
    ];

    /// <summary>
    /// A centroid row's route key: a hash of its item and place, 0 to 65,535, spread evenly; the rows below a bound are a
    /// fixed-size sample of the catalog that a text probe scans exactly (<see cref="IndexSearch"/>).
    /// </summary>
    /// <param name="alias">The vectors table's alias in the statement, or empty in the index's own definition.</param>
    /// <returns>The expression, spelled as the index has it so that the planner matches the two.</returns>
    public static string RouteKey(string alias = "") => $"((hashtext({alias}item_id) # {alias}query_index) & 65535)";

    /// <summary>How many centroid rows the route sample holds, about, whatever the catalog's size.</summary>
    public const int RouteSampleRows = 2048;

    /// <summary>How many centroid rows each route takes from the HNSW index (half a default text probe's).</summary>
    public const int RowsPerRoute = 400;

    /// <summary>
    /// How far a route's probe leans from the route's own row towards the text (the text vector's scale before the sum
    /// is normalised): near the row, so that the HNSW search starts out inside the catalog's distribution, and towards
    /// the text, so that it returns the rows of that region the text scores best.
    /// </summary>
    public const float RouteTextLean = 0.3f;

    private static string CreateCategoryIndex(PgVectorCatalogNames names) =>
        $"CREATE INDEX IF NOT EXISTS {names.VectorsCategoryIndex} ON {names.Vectors} (category, query_index)";

    private static string CreateRouteIndex(PgVectorCatalogNames names) =>
        $"CREATE INDEX IF NOT EXISTS {names.VectorsRouteIndex} ON {names.Vectors} ({RouteKey()}) WHERE query_index < 0";

    /// <summary>
    /// The <c>query_index</c> of an item's pooled row: the mean of its query vectors, L2-normalised, which is all the
    /// HNSW index holds (its real query vectors have indexes from 0). The pooled row also carries all the item's query
    /// vectors, row-major, in <c>query_vectors</c>: a candidate found through the index is then scored from that one
    /// row instead of 32 scattered ones.
    /// </summary>
    public const int PooledQueryIndex = -1;

    /// <summary>The statements that create the schema and the meta table, idempotently.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statements.</returns>
    public static IReadOnlyList<string> CreateMeta(PgVectorCatalogNames names) =>
    [
        $"CREATE SCHEMA IF NOT EXISTS {names.QuotedSchema}",
        $"""
        CREATE TABLE IF NOT EXISTS {names.Meta} (
            id smallint PRIMARY KEY CHECK (id = 1),
            schema_version integer NOT NULL,
            dimensions integer,
            query_count integer,
            created_at timestamptz NOT NULL DEFAULT now())
        """,
        $"INSERT INTO {names.Meta} (id, schema_version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
    ];

    /// <summary>Reads the schema version, dimensions and query count.</summary>
    /// <param name="names">The catalog.</param>
    /// <param name="forUpdate">Whether to lock the row for the rest of the transaction.</param>
    /// <returns>The statement.</returns>
    public static string ReadMeta(PgVectorCatalogNames names, bool forUpdate = false) =>
        $"SELECT schema_version, dimensions, query_count FROM {names.Meta} WHERE id = 1" + (forUpdate ? " FOR UPDATE" : "");

    /// <summary>The statements that take a catalog from <paramref name="fromVersion"/> to <see cref="SchemaVersion"/>.</summary>
    /// <param name="names">The catalog.</param>
    /// <param name="fromVersion">The version the catalog has.</param>
    /// <returns>The statements, the version update last.</returns>
    /// <exception cref="InvalidOperationException">The catalog is newer than this library.</exception>
    public static IReadOnlyList<string> Migrate(PgVectorCatalogNames names, int fromVersion)
    {
        if (fromVersion > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The catalog {names.Schema}.{names.Collection} has schema version {fromVersion}; this library knows up to {SchemaVersion}. Upgrade the library.");
        }

        var statements = new List<string>();
        for (var version = fromVersion; version < SchemaVersion; version++)
        {
            statements.AddRange(Migrations[version](names));
        }

        if (fromVersion < SchemaVersion)
        {
            statements.Add(string.Create(CultureInfo.InvariantCulture, $"UPDATE {names.Meta} SET schema_version = {SchemaVersion} WHERE id = 1"));
        }

        return statements;
    }

    /// <summary>Fixes the catalog's shape. $1: dimensions, $2: query count.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string SetShape(PgVectorCatalogNames names) => $"UPDATE {names.Meta} SET dimensions = $1, query_count = $2 WHERE id = 1";

    /// <summary>
    /// Creates the vectors table for <paramref name="dimensions"/>-wide vectors, bare: the first load copies
    /// straight into it and <see cref="CompleteVectors"/> adds the keys and indexes afterwards, which is much
    /// faster than maintaining them row by row.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <param name="dimensions">The vector width.</param>
    /// <returns>The statements.</returns>
    public static IReadOnlyList<string> CreateVectors(PgVectorCatalogNames names, int dimensions) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"""
        CREATE TABLE {names.Vectors} (
            item_id text COLLATE "C" NOT NULL,
            query_index smallint NOT NULL,
            category text COLLATE "C" NOT NULL,
            embedding vector({dimensions}) NOT NULL,
            query_vectors real[])
        """),

        // Float arrays do not compress: storing them out of line as they are saves the attempt on every write.
        $"ALTER TABLE {names.Vectors} ALTER COLUMN query_vectors SET STORAGE EXTERNAL",
    ];

    /// <summary>
    /// Adds the vectors table's key, its cascade from items, its category and route key indexes after the first load, and
    /// gathers statistics, without which the planner guesses badly until autovacuum gets to the new table.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statements.</returns>
    public static IReadOnlyList<string> CompleteVectors(PgVectorCatalogNames names) =>
    [
        $"""
        ALTER TABLE {names.Vectors}
            ADD PRIMARY KEY (item_id, query_index),
            ADD FOREIGN KEY (item_id) REFERENCES {names.Items} (id) ON DELETE CASCADE
        """,
        CreateCategoryIndex(names),
        CreateRouteIndex(names),
        $"ANALYZE {names.Items}, {names.Vectors}",
    ];

    /// <summary>Sets <c>lock_timeout</c> for the rest of the transaction. $1: the limit (for example <c>5000ms</c>).</summary>
    public static string LockTimeout => "SELECT set_config('lock_timeout', $1, true)";

    /// <summary>Sets <c>maintenance_work_mem</c> for the rest of the transaction. $1: the amount (for example <c>2GB</c>).</summary>
    public static string IndexBuildMemory => "SELECT set_config('maintenance_work_mem', $1, true)";

    /// <summary>Sets <c>max_parallel_maintenance_workers</c> for the rest of the transaction. $1: the workers (text).</summary>
    public static string IndexBuildWorkers => "SELECT set_config('max_parallel_maintenance_workers', $1, true)";

    /// <summary>
    /// The second key of the session advisory lock that an open bulk load holds (shared) on its catalog; the
    /// first is <c>hashtext</c> of <see cref="PgVectorCatalogNames.LockKey"/>. The two-key form lives apart from
    /// the one-key locks of <see cref="PostgresStatements.AdvisoryLock"/>.
    /// </summary>
    public const int BulkLoadLockClass = 0x4D4D5342;

    /// <summary>
    /// Tells whether the vectors table exists, whether the centroid index exists, and whether a bulk load holds its
    /// lock on the catalog (in any session of this database); then the index's access method (<c>hnsw</c>,
    /// <c>ivfflat</c>; null without one) and its IVFFlat lists (null otherwise). $1: the qualified vectors table, $2: the
    /// qualified index, $3: the catalog's lock key, $4: <see cref="BulkLoadLockClass"/>.
    /// </summary>
    public static string IndexState =>
        $"""
        SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL,
            EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid = hashtext($3)::oid AND objid = $4::oid AND objsubid = 2),
            (SELECT a.amname::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = to_regclass($2)),
            {IndexLists("$2")}
        """;

    /// <summary>A scalar subquery: the lists of the IVFFlat index named by <paramref name="index"/> (SQL text), null for another index or none.</summary>
    private static string IndexLists(string index) =>
        $"(SELECT substring(o FROM '^lists=([0-9]+)$')::integer FROM pg_class c CROSS JOIN unnest(c.reloptions) o WHERE c.oid = to_regclass({index}) AND o LIKE 'lists=%')";

    /// <summary>Counts the centroid rows (what an IVFFlat index's lists are sized for).</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string CountCentroidRows(PgVectorCatalogNames names) => $"SELECT count(*) FROM {names.Vectors} WHERE query_index < 0";

    /// <summary>pgvector's most IVFFlat lists (and so the most probes worth asking for).</summary>
    public const int MaxIvfFlatLists = 32_768;

    /// <summary>
    /// Gets the IVFFlat lists for <paramref name="rows"/> centroid rows, as pgvector advises: one per 1,000 rows up to a
    /// million rows, the square root of the rows beyond (at least 1, at most <see cref="MaxIvfFlatLists"/>).
    /// </summary>
    /// <param name="rows">The centroid rows.</param>
    /// <returns>The lists.</returns>
    public static int IvfFlatLists(long rows) =>
        (int)Math.Clamp(rows <= 1_000_000 ? rows / 1_000 : (long)Math.Sqrt(rows), 1, MaxIvfFlatLists);

    /// <summary>
    /// Creates the IVFFlat index over the items' centroid rows (inner product), under the one name the catalog's centroid
    /// index has whatever its kind (<see cref="PgVectorCatalogNames.HnswIndex"/>).
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <param name="lists">The lists (<see cref="IvfFlatLists"/>).</param>
    /// <returns>The statement.</returns>
    public static string CreateIvfFlatIndex(PgVectorCatalogNames names, int lists) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"CREATE INDEX IF NOT EXISTS {names.HnswIndex} ON {names.Vectors} USING ivfflat (embedding vector_ip_ops) WITH (lists = {lists}) WHERE query_index < 0");

    /// <summary>Takes a bulk load's shared session lock on the catalog (never waits: nothing takes it exclusively). $1: the lock key, $2: <see cref="BulkLoadLockClass"/>.</summary>
    public static string BulkLoadLock => "SELECT pg_advisory_lock_shared(hashtext($1), $2)";

    /// <summary>Releases what <see cref="BulkLoadLock"/> took. $1: the lock key, $2: <see cref="BulkLoadLockClass"/>.</summary>
    public static string BulkLoadUnlock => "SELECT pg_advisory_unlock_shared(hashtext($1), $2)";

    /// <summary>Drops the HNSW index, for a bulk load that builds it again when it ends.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string DropHnswIndex(PgVectorCatalogNames names) => $"DROP INDEX IF EXISTS {HnswIndexQualifiedName(names)}";

    /// <summary>Gets the qualified name of the HNSW index, as <see cref="IndexState"/> expects it.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The name.</returns>
    public static string HnswIndexQualifiedName(PgVectorCatalogNames names) => names.QuotedSchema + "." + names.HnswIndex;

    /// <summary>
    /// Creates the HNSW index over the items' pooled rows only (inner product: the vectors are normalised): one
    /// row per item instead of one per query vector, 32 times fewer for BLIP-2, which is what makes the build fast
    /// and the index small; searches re-score the candidates it gives with all their query vectors.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <param name="m">HNSW m.</param>
    /// <param name="efConstruction">HNSW ef_construction.</param>
    /// <returns>The statement.</returns>
    public static string CreateHnswIndex(PgVectorCatalogNames names, int m, int efConstruction) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"CREATE INDEX IF NOT EXISTS {names.HnswIndex} ON {names.Vectors} USING hnsw (embedding vector_ip_ops) WITH (m = {m}, ef_construction = {efConstruction}) WHERE query_index < 0");

    /// <summary>The staging table of an upsert's items, dropped at commit.</summary>
    public static string StageItems =>
        """
        CREATE TEMP TABLE mms_stage_items (
            id text COLLATE "C" NOT NULL, category text COLLATE "C" NOT NULL, name text NOT NULL,
            image_location text, content_hash text, metadata jsonb NOT NULL) ON COMMIT DROP
        """;

    /// <summary>The staging table of an upsert's query vectors, dropped at commit.</summary>
    public static string StageVectors =>
        "CREATE TEMP TABLE mms_stage_vectors (item_id text COLLATE \"C\" NOT NULL, query_index smallint NOT NULL, embedding vector NOT NULL, query_vectors real[]) ON COMMIT DROP";

    /// <summary>Empties the staging table of query vectors (between the pages of <see cref="PgVectorCentroidRecompute"/>).</summary>
    public static string ClearStagedVectors => "TRUNCATE pg_temp.mms_stage_vectors";

    /// <summary>Reads a page of items' query vectors from their row -1, in id order. $1: the last id of the previous page (or ''); $2: the page size.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string ReadQueryVectorsPage(PgVectorCatalogNames names) =>
        $"SELECT item_id, query_vectors FROM {names.Vectors} WHERE query_index = {PooledQueryIndex} AND item_id > $1 ORDER BY item_id LIMIT $2";

    /// <summary>
    /// Writes the staged centroid rows that <see cref="PgVectorCentroidRecompute"/> computed: updates the rows that changed
    /// and adds those an item lacks (a catalog migrated from version 1 has row -1 only), with the item's category.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string MergeRecomputedCentroids(PgVectorCatalogNames names) =>
        $"""
        INSERT INTO {names.Vectors} AS t (item_id, query_index, category, embedding)
        SELECT s.item_id, s.query_index, p.category, s.embedding
        FROM pg_temp.mms_stage_vectors s JOIN {names.Vectors} p ON p.item_id = s.item_id AND p.query_index = {PooledQueryIndex}
        ORDER BY s.item_id, s.query_index
        ON CONFLICT (item_id, query_index) DO UPDATE SET embedding = EXCLUDED.embedding
        WHERE t.embedding IS DISTINCT FROM EXCLUDED.embedding
        """;

    /// <summary>Copies items into their staging table; the columns are those of <see cref="StageItems"/>, in order.</summary>
    public static string CopyItems => "COPY pg_temp.mms_stage_items (id, category, name, image_location, content_hash, metadata) FROM STDIN (FORMAT BINARY)";

    /// <summary>Copies query vectors into their staging table.</summary>
    public static string CopyStagedVectors => "COPY pg_temp.mms_stage_vectors (item_id, query_index, embedding, query_vectors) FROM STDIN (FORMAT BINARY)";

    /// <summary>Copies query vectors straight into a vectors table created in the same transaction (the first load).</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string CopyVectors(PgVectorCatalogNames names) => $"COPY {names.Vectors} (item_id, query_index, category, embedding, query_vectors) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Merges the staged items: inserts new ones and updates changed ones, in key order so that concurrent
    /// batches lock rows in the same order.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string MergeItems(PgVectorCatalogNames names) =>
        $"""
        INSERT INTO {names.Items} AS t (id, category, name, image_location, content_hash, metadata)
        SELECT id, category, name, image_location, content_hash, metadata FROM pg_temp.mms_stage_items ORDER BY id
        ON CONFLICT (id) DO UPDATE SET
            category = EXCLUDED.category, name = EXCLUDED.name, image_location = EXCLUDED.image_location,
            content_hash = EXCLUDED.content_hash, metadata = EXCLUDED.metadata, updated_at = now()
        WHERE (t.category, t.name, t.image_location, t.content_hash, t.metadata)
            IS DISTINCT FROM (EXCLUDED.category, EXCLUDED.name, EXCLUDED.image_location, EXCLUDED.content_hash, EXCLUDED.metadata)
        """;

    /// <summary>Merges the staged query vectors, writing only the rows that changed.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string MergeVectors(PgVectorCatalogNames names) =>
        $"""
        INSERT INTO {names.Vectors} AS t (item_id, query_index, category, embedding, query_vectors)
        SELECT v.item_id, v.query_index, s.category, v.embedding, v.query_vectors
        FROM pg_temp.mms_stage_vectors v JOIN pg_temp.mms_stage_items s ON s.id = v.item_id
        ORDER BY v.item_id, v.query_index
        ON CONFLICT (item_id, query_index) DO UPDATE SET category = EXCLUDED.category, embedding = EXCLUDED.embedding, query_vectors = EXCLUDED.query_vectors
        WHERE t.category IS DISTINCT FROM EXCLUDED.category OR t.embedding IS DISTINCT FROM EXCLUDED.embedding
            OR t.query_vectors IS DISTINCT FROM EXCLUDED.query_vectors
        """;

    /// <summary>Deletes items (their vectors cascade). $1: the ids.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string Delete(PgVectorCatalogNames names) => $"DELETE FROM {names.Items} WHERE id = ANY($1)";

    /// <summary>Reads one item with its vectors. $1: the id.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string Get(PgVectorCatalogNames names) => $"SELECT {Columns(names)} FROM {names.Items} i WHERE i.id = $1";

    /// <summary>Counts the items.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string Count(PgVectorCatalogNames names) => $"SELECT count(*) FROM {names.Items}";

    /// <summary>Lists the distinct categories (unsorted: the store sorts ordinally).</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string Categories(PgVectorCatalogNames names) => $"SELECT DISTINCT category FROM {names.Items}";

    /// <summary>
    /// Lists the distinct (attribute, value) pairs of the items' metadata for the attributes with at most
    /// <paramref name="maxValues"/> distinct values (the others are free text or codes, not a vocabulary).
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <param name="maxValues">The most distinct values an attribute may have.</param>
    /// <returns>The statement.</returns>
    public static string AttributeValues(PgVectorCatalogNames names, int maxValues) => $"""
        SELECT key, value FROM (
            SELECT key, value, count(*) OVER (PARTITION BY key) AS n
            FROM (SELECT DISTINCT e.key, btrim(e.value) AS value FROM {names.Items} i CROSS JOIN LATERAL jsonb_each_text(i.metadata) e) pairs
        ) counted
        WHERE n <= {maxValues}
        """;

    /// <summary>Reads every item's content hash.</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string ContentHashes(PgVectorCatalogNames names) => $"SELECT id, content_hash FROM {names.Items}";

    /// <summary>
    /// The fewest lists an IVFFlat probe scans by default (all of them when there are fewer). pgvector's advice is the
    /// square root of the lists; on Fashion-MNIST (demo model, 5,000 items, 40 lists) that is 7, which gave text
    /// recall@10 0.991 where 10 gave 1.000. Above 100 lists the square root rules: 20 of 400 at 50,000 items, 40 of
    /// 1,600 at 200,000 (text p50 36.7 and 67.8 ms against 44.8 and 110.5 ms for 1.5 times the square root, recall@10
    /// 1.000 either way on the clustered catalogs).
    /// </summary>
    public const int MinIvfFlatProbes = 10;

    /// <summary>
    /// Sets the index search settings for the rest of the transaction. $1: hnsw.ef_search, $2: hnsw.iterative_scan, $3:
    /// hnsw.max_scan_tuples, $4: ivfflat.iterative_scan, $5: ivfflat.probes (0: the square root of the index's lists, read
    /// from its definition, at least <see cref="MinIvfFlatProbes"/> and at most all of them; an HNSW index has none and
    /// ignores the setting).
    /// Also turns JIT compilation off: the planner's cost of a search (every candidate's vectors) passes
    /// <c>jit_above_cost</c>, and compiling took 20 ms of a search that runs for a few. And parallel workers: the planner
    /// cannot know how few rows a text's route sample reads (its bound is computed at run time) and started two workers
    /// for 2,000 rows, 8-10 ms of start-up for 1-2 ms of work.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string SearchSettings(PgVectorCatalogNames names)
    {
        var index = HnswIndexQualifiedName(names).Replace("'", "''", StringComparison.Ordinal);
        return $"""
            SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', $2, true), set_config('hnsw.max_scan_tuples', $3, true),
                set_config('ivfflat.iterative_scan', $4, true),
                set_config('ivfflat.probes', coalesce(nullif($5::integer, 0), (SELECT least(x.l, greatest({MinIvfFlatProbes}, ceil(sqrt(x.l))))::integer FROM (SELECT coalesce({IndexLists("'" + index + "'")}, 1) AS l) AS x))::text, true),
                set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)
            """;
    }

    /// <summary>Gets pgvector's <c>ivfflat.iterative_scan</c> for an iterative scan mode (IVFFlat has no strict order: relaxed).</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The setting's value.</returns>
    public static string IvfFlatIterativeScanSetting(PgVectorIterativeScan mode) => mode == PgVectorIterativeScan.Off ? "off" : "relaxed_order";

    /// <summary>Gets pgvector's name for an iterative scan mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The setting's value.</returns>
    public static string IterativeScanSetting(PgVectorIterativeScan mode) => mode switch
    {
        PgVectorIterativeScan.Off => "off",
        PgVectorIterativeScan.RelaxedOrder => "relaxed_order",
        PgVectorIterativeScan.StrictOrder => "strict_order",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown iterative scan mode."),
    };

    /// <summary>
    /// Scans every query vector that passes the filter (pgvector's exact scan) and returns the best items with all
    /// their vectors, best first by the weighted sum over the search vectors of each one's best distance to the item.
    /// </summary>
    /// <remarks>
    /// Parameters: $1 the search vectors (<c>vector[]</c>), $2 their weights (<c>real[]</c>), $3 the number of items
    /// to return, $4 the categories (<c>text[]</c>, only when <paramref name="filtered"/>). For a text search the
    /// ranking is exactly BLIP-2's max over query vectors; for an image it is the mean of best matches. The store
    /// re-scores what it returns as the query asks.
    /// </remarks>
    /// <param name="names">The catalog.</param>
    /// <param name="filtered">Whether the search has a category filter.</param>
    /// <returns>The statement.</returns>
    public static string ExactSearch(PgVectorCatalogNames names, bool filtered)
    {
        var filter = filtered ? " AND t.category = ANY($4)" : "";
        return $"""
            WITH q AS (SELECT u.v, u.w, u.ord FROM unnest($1::vector[], $2::real[]) WITH ORDINALITY AS u(v, w, ord)),
            nearest AS (
                SELECT q.ord, q.w, t.item_id, t.embedding <#> q.v AS distance
                FROM q CROSS JOIN {names.Vectors} t WHERE t.query_index >= 0{filter}),
            per_vector AS (SELECT item_id, ord, w, min(distance) AS distance FROM nearest GROUP BY item_id, ord, w),
            best AS (SELECT item_id, sum(w * distance) AS distance FROM per_vector GROUP BY item_id ORDER BY 2, 1 LIMIT $3)
            SELECT {Columns(names)} FROM best b JOIN {names.Items} i ON i.id = b.item_id ORDER BY b.distance, b.item_id
            """;
    }

    /// <summary>
    /// Takes candidate items from the HNSW index of centroid rows, ranks them in the server by their query vectors, and
    /// returns the best with all their vectors (the first centroid row's <c>query_vectors</c>, one flat <c>real[]</c>)
    /// for the store to score exactly.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Parameters: $1 the probe vectors (<c>vector[]</c>: the text vector, the blend of text and photo, the photo's
    /// pooled vector), $2 how many centroid rows each probe takes (<c>integer[]</c>), $3 the ranking vectors
    /// (<c>vector[]</c>: the text vector, a photo's groups of query vectors) and $4 their weights (<c>real[]</c>), $5 how
    /// many items to return, $6 how many routes a text takes (0 for none; the text is then the first probe), $7 the
    /// text vector scaled by <see cref="RouteTextLean"/>, $8 how many candidate items a text search ranks (<c>integer</c>;
    /// null for all), $9 the categories (<c>text[]</c>, only when <paramref name="filtered"/>).
    /// </para>
    /// <para>
    /// Each probe is one index scan (iterative when filtered); the items of the rows found are the candidates. A text
    /// is far from every image vector (the two modalities occupy different regions), and a greedy HNSW search for it
    /// can settle in the wrong region of the image graph, or find part of the right one: on Fashion-MNIST (demo model)
    /// one text's 800 probe rows all came from one large region while its exact top 10 sat in a small one. So a text
    /// also takes routes: the centroid rows of a fixed-size hash sample of the catalog (<see cref="RouteSampleRows"/>,
    /// read through the route key index and compared exactly) that it scores best; their items are candidates, and each
    /// one that proves the text's own probe missed rows (its row scores better than the probe's worst row, <c>edge</c>,
    /// yet is not among the probe's rows; or the probe came back short) starts one more probe, its row leaned towards
    /// the text, taking <see cref="RowsPerRoute"/> rows (a probe that found its region costs only the sample's scan). A text search
    /// keeps the $8 candidate items whose rows found it scores best (every row of a text search is scored against the
    /// text), so that the ranking below reads the query vectors of a few hundred items however many rows the probes
    /// found (the ranking costs about 27 us per item at 60,000 items; it was two thirds of a text search's time);
    /// $8 is null for a search with a photo, whose probes' distances are to different vectors. The candidates are ranked by the weighted sum, over the ranking
    /// vectors, of each one's best distance to the candidate's query vectors, read once through the primary key: a
    /// text's own ranking; for a photo, its groups of query vectors stand in for its 32 query vectors, and the store
    /// scores the items returned with all of them. Only those items carry their vectors over the wire.
    /// </para>
    /// </remarks>
    /// <param name="names">The catalog.</param>
    /// <param name="filtered">Whether the search has a category filter.</param>
    /// <returns>The statement.</returns>
    public static string IndexSearch(PgVectorCatalogNames names, bool filtered)
    {
        var filter = filtered ? " AND t.category = ANY($9)" : "";
        // The sample is read through the route key index alone (OFFSET 0 keeps the category out of it): combined with
        // the category index, the planner read a category's every row of that index (18 ms at 50,000 items) to keep
        // a sixth of 2,000 rows.
        var routeFilter = filtered ? " AND r.category = ANY($9)" : "";
        var hnsw = HnswIndexQualifiedName(names).Replace("'", "''", StringComparison.Ordinal);
        return IndexPathSearch(names, string.Create(CultureInfo.InvariantCulture, $"""
            WITH p AS (SELECT u.v, u.n, u.o FROM unnest($1::vector[], $2::integer[]) WITH ORDINALITY AS u(v, n, o)),
            probed AS MATERIALIZED (
                SELECT p.o, c.item_id, c.query_index, c.distance FROM p CROSS JOIN LATERAL (
                    SELECT t.item_id, t.query_index, t.embedding <#> p.v AS distance FROM {names.Vectors} t WHERE t.query_index < 0{filter}
                    ORDER BY t.embedding <#> p.v LIMIT p.n) c),
            edge AS (
                SELECT CASE WHEN count(*) < (SELECT p.n FROM p WHERE p.o = 1) THEN 'Infinity' ELSE max(distance) END AS distance
                FROM probed WHERE o = 1),
            routes AS MATERIALIZED (
                SELECT r.item_id, r.query_index, r.embedding, r.embedding <#> ($1::vector[])[1] AS distance FROM (
                    SELECT s.item_id, s.query_index, s.category, s.embedding FROM {names.Vectors} s
                    WHERE $6 > 0 AND s.query_index < 0 AND {RouteKey("s.")} < (
                        SELECT CASE WHEN c.reltuples > 0 THEN least(65536, ceil(65536 * {RouteSampleRows} / c.reltuples)) ELSE 1024 END
                        FROM pg_class c WHERE c.oid = to_regclass('{hnsw}'))::integer
                    OFFSET 0) r
                WHERE true{routeFilter}
                ORDER BY (r.embedding <#> ($1::vector[])[1]) + 0 LIMIT $6),
            candidates AS (
                SELECT a.item_id FROM (
                    SELECT item_id, distance FROM probed
                    UNION ALL
                    SELECT item_id, distance FROM routes
                    UNION ALL
                    SELECT c.item_id, c.distance FROM routes r CROSS JOIN LATERAL (
                        SELECT t.item_id, t.embedding <#> ($1::vector[])[1] AS distance FROM {names.Vectors} t WHERE t.query_index < 0{filter}
                        ORDER BY t.embedding <#> l2_normalize(r.embedding + $7) LIMIT {RowsPerRoute}) c
                    WHERE r.distance < (SELECT e.distance FROM edge e) AND NOT EXISTS (
                        SELECT 1 FROM probed q WHERE q.o = 1 AND q.item_id = r.item_id AND q.query_index = r.query_index)) a
                GROUP BY a.item_id ORDER BY min(a.distance), a.item_id LIMIT $8),
            """));
    }

    /// <summary>
    /// The index path for a category filter that leaves few items (<see cref="PgVectorCatalogOptions.ExactProbeThreshold"/>):
    /// each probe's nearest centroid rows are found by comparing it with every centroid row of the filter's categories,
    /// read through the vectors' category index (both its keys, so no query vector row is read), instead of through the
    /// HNSW index; the rest is <see cref="IndexSearch"/>, with the same parameters. The distance sorted on is offset by 0
    /// so that the planner cannot serve the <c>ORDER BY ... LIMIT</c> from the HNSW index; each probe keeps its nearest
    /// rows in a bounded top-N sort. Measured at 10,000 items (a category of 1,667 items, 13,336 centroid rows, one text
    /// probe): a text search's p50 36 ms against 50-56 ms for joining the items' category index to the vectors' key and
    /// ranking every row with a window function.
    /// </summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string ScannedProbeSearch(PgVectorCatalogNames names) => IndexPathSearch(names, $"""
        WITH p AS (SELECT u.v, u.n FROM unnest($1::vector[], $2::integer[]) AS u(v, n)),
        candidates AS (
            SELECT c.item_id FROM p CROSS JOIN LATERAL (
                SELECT t.item_id, t.embedding <#> p.v AS distance FROM {names.Vectors} t WHERE t.category = ANY($9) AND t.query_index < 0
                ORDER BY (t.embedding <#> p.v) + 0 LIMIT p.n) c
            GROUP BY c.item_id ORDER BY min(c.distance), c.item_id LIMIT $8),
        """);

    /// <summary>Counts the items of the categories in $1, up to $2 (a bounded index scan).</summary>
    /// <param name="names">The catalog.</param>
    /// <returns>The statement.</returns>
    public static string CountFilteredItems(PgVectorCatalogNames names) =>
        $"SELECT count(*) FROM (SELECT 1 FROM {names.Items} WHERE category = ANY($1) LIMIT $2) AS f";

    /// <summary>
    /// The index path after its candidates: their ranking in SQL by the weighted ranking vectors, and the best with their
    /// vectors and their ranking distance (the store compares it with their exact scores, <see cref="PgVectorRescoring"/>). Each candidate's query vector rows are read once and every ranking vector's best distance is one
    /// aggregate over them (a slot per possible ranking vector; missing ones are null and add 0), which measured 2.8x
    /// faster than one row per (ranking vector, query vector) pair grouped by ranking vector (8 ms against 23 ms for
    /// 209 candidates and 8 ranking vectors).
    /// </summary>
    private static string IndexPathSearch(PgVectorCatalogNames names, string candidates) => $"""
        {candidates}
        best AS (
            SELECT b.item_id, (SELECT {RankingDistance} FROM {names.Vectors} t
                WHERE t.item_id = b.item_id AND t.query_index >= 0) AS distance
            FROM candidates b ORDER BY 2, 1 LIMIT $5)
        SELECT i.id, i.category, i.name, i.image_location, i.content_hash, i.metadata, v.query_vectors::vector, b.distance
        FROM best b JOIN {names.Items} i ON i.id = b.item_id
        JOIN {names.Vectors} v ON v.item_id = b.item_id AND v.query_index = {PooledQueryIndex}
        ORDER BY b.distance, b.item_id
        """;

    /// <summary>The weighted sum of each ranking vector's ($3, weights $4) best distance to the rows of <c>t</c>.</summary>
    private static string RankingDistance => string.Join(
        " + ",
        Enumerable.Range(1, PgVectorSearchPlan.MaxRankers).Select(k => $"coalesce(($4::real[])[{k}] * min(t.embedding <#> ($3::vector[])[{k}]), 0)"));

    /// <summary>The columns that <see cref="PgVectorItemReader"/> reads: id, category, name, image location, content hash, metadata, vectors.</summary>
    private static string Columns(PgVectorCatalogNames names) =>
        "i.id, i.category, i.name, i.image_location, i.content_hash, i.metadata, " +
        $"(SELECT array_agg(v.embedding ORDER BY v.query_index) FROM {names.Vectors} v WHERE v.item_id = i.id AND v.query_index >= 0) AS vectors";
}
