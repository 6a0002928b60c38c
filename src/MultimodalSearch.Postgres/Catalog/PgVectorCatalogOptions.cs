namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Options of the PostgreSQL + pgvector catalog store, bound from the <c>MultimodalSearch:Postgres</c>
/// configuration section by <c>AddPgVectorCatalog()</c>.
/// </summary>
public sealed class PgVectorCatalogOptions
{
    /// <summary>The name of the configuration section under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Postgres";

    /// <summary>Gets or sets the Npgsql connection string. Required unless an <c>NpgsqlDataSource</c> is given.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets whether searches and item reads go to PostgreSQL streaming-replication standbys (default false).
    /// It takes a connection string (or data source) that lists several hosts, for example
    /// <c>Host=primary:5432,standby1:5432,standby2:5432;Load Balance Hosts=true</c>: writes then go to the primary
    /// (<c>Target Session Attributes=primary</c>), and searches, <c>GetAsync</c>, <c>CountAsync</c>, categories and
    /// facets to a standby, or to the primary when no standby answers (<c>prefer-standby</c>). The primary builds the
    /// HNSW index and the standbys replay it. Reads from a standby see writes once it has replayed them (usually
    /// milliseconds; the replication lag under load). With a single host the option changes nothing.
    /// </summary>
    public bool ReadFromStandbys { get; set; }

    /// <summary>Gets or sets the schema that holds the catalog's tables (default <c>multimodal_search</c>); created when missing.</summary>
    /// <remarks>A lower-case identifier: letters, digits and underscores, starting with a letter or underscore, at most 40 characters.</remarks>
    public string Schema { get; set; } = "multimodal_search";

    /// <summary>Gets or sets the catalog's name (default <c>catalog</c>): the prefix of its tables, so that one schema can hold several catalogs.</summary>
    /// <remarks>A lower-case identifier, as for <see cref="Schema"/>.</remarks>
    public string Collection { get; set; } = "catalog";

    /// <summary>
    /// Gets or sets the vector width the catalog must have; null (the default) takes it from the first
    /// items written. Either way it is fixed once the catalog holds vectors.
    /// </summary>
    public int? Dimensions { get; set; }

    /// <summary>Gets or sets <c>hnsw.ef_search</c>: the size of the candidate list of each HNSW search (default 200, 1 to 1000). Higher is slower and more exact; 100 measured recall@10 0.97-0.99 on 640,000 clustered vectors, below the 0.98 the project promises.</summary>
    public int EfSearch { get; set; } = 200;

    /// <summary>
    /// Gets or sets how many candidate items each index probe looks for per result wanted (default 20; it takes 4 times as
    /// many centroid rows, each item having 8). 20 measured recall@10 1.00 for text, 0.975 fused and 1.00 photo on a
    /// catalog of near-duplicate variants, where 10 gave 0.975, 0.95 and 0.998.
    /// </summary>
    public int CandidateMultiplier { get; set; } = 20;

    /// <summary>Gets or sets the least number of candidate items an index probe looks for (default 100).</summary>
    public int MinCandidates { get; set; } = 100;

    /// <summary>
    /// Gets or sets how many candidate items per result wanted a search with a photo re-scores exactly with all their
    /// query vectors (default 3; twice that, since the photo's ranking in SQL only stands in for its score, and at least
    /// half of <see cref="MinCandidates"/> on the index path, which re-ranks with more when it may have missed one
    /// (<see cref="MaxRescoreRounds"/>), or all of it on the exact path, which does not). A text's ranking in SQL is its
    /// exact score: a text search re-scores one item more than it returns, which shows a tie at the cut.
    /// </summary>
    public int RescoreMultiplier { get; set; } = 3;

    /// <summary>
    /// Gets or sets how many times a search may re-rank with three times as many items re-scored exactly when the first
    /// ones show that an item ranked lower in SQL could still belong in the results (default 2; 0 never does). A photo is
    /// ranked in SQL by a few groups of its query vectors, which can order near-ties differently from the exact score:
    /// every item re-scored tells how far its exact score rose above its SQL ranking, and when the item ranked last plus
    /// the largest such rise reaches the k-th best exact score, the items ranked below it are re-scored too. Measured on
    /// Fashion-MNIST (demo model, 5,000 items, the top 10 within 0.001 of each other): photo recall@10 0.931 without,
    /// 0.999 with (docs/postgres.md). Catalogs whose rankings separate their items never re-rank.
    /// </summary>
    public int MaxRescoreRounds { get; set; } = 2;

    /// <summary>
    /// Gets or sets how many routes a text search takes besides its own probe (default 4; 0 takes none): the centroid
    /// rows the text scores best in a fixed-size hash sample of the catalog (about 2,048 rows, compared exactly). Their
    /// items are candidates, and each one that proves the text's probe missed rows (it scores better than the probe's
    /// worst row yet is not among its rows, or the probe came back short) starts one more HNSW probe of 400 rows, leaned
    /// from the row towards the text. A text lies far from every image vector, and the HNSW search for it alone can
    /// settle in the wrong region of the catalog, or find only part of the right one; a route starts inside the catalog's
    /// distribution, where the search is sure. Measured on Fashion-MNIST, 60,000 real images (demo model, 42 texts): text
    /// recall@10 0.900 without routes, 0.952 with 1, 0.979 with 3, 0.988 with 4 (docs/benchmarks.md); each route that
    /// probes costs one more index scan (about 4 ms there).
    /// </summary>
    public int TextRoutes { get; set; } = 4;

    /// <summary>
    /// Gets or sets the catalog size, in query vectors (rows of the vectors table, by the planner's estimate), up to
    /// which searches scan every vector exactly instead of using the HNSW index (default 20,000, about 600 BLIP-2
    /// items: a few milliseconds); 0 always uses the index.
    /// </summary>
    public int ExactSearchThreshold { get; set; } = 20_000;

    /// <summary>
    /// Gets or sets how many items a category filter may leave for the index path to find its candidates by comparing the
    /// probes with every centroid row of those items, instead of through the HNSW index (default 2,000; 0 always uses
    /// the index), as vector databases scan a small filtered set instead of searching their graph. A filtered HNSW scan
    /// walks past the other categories' rows, and further the fewer the filter's items: for a category of 1,667 items
    /// of 10,000, 28,000 buffers against 8,500 for reading its 13,336 centroid rows, and a text search 20-30 % faster
    /// (measured on a loaded machine; the scan grows with the category, the index search hardly). The candidates this
    /// finds are the exact nearest centroid rows. Like <see cref="ExactSearchThreshold"/>, only what is scanned
    /// changes, not how results are scored.
    /// </summary>
    public int ExactProbeThreshold { get; set; } = 2_000;

    /// <summary>Gets or sets pgvector's iterative index scan mode for filtered searches (default <see cref="PgVectorIterativeScan.RelaxedOrder"/>).</summary>
    public PgVectorIterativeScan IterativeScan { get; set; } = PgVectorIterativeScan.RelaxedOrder;

    /// <summary>Gets or sets <c>hnsw.max_scan_tuples</c>: the most index tuples an iterative scan visits (default 20000).</summary>
    public int MaxScanTuples { get; set; } = 20_000;

    /// <summary>
    /// Gets or sets the kind of index over the centroid rows (default <see cref="PgVectorCentroidIndex.Hnsw"/>). Changing it
    /// for an existing catalog rebuilds its index when the store next opens it.
    /// </summary>
    public PgVectorCentroidIndex CentroidIndex { get; set; } = PgVectorCentroidIndex.Hnsw;

    /// <summary>
    /// Gets or sets <c>ivfflat.probes</c>, how many lists of an <see cref="PgVectorCentroidIndex.IvfFlat"/> index a probe
    /// scans (1 to 32,768); null (the default) takes the square root of the index's lists, rounded up, at least 10 (all
    /// of them when fewer): 10 of 40 lists at 5,000 items, 20 of 400 at 50,000, 40 of 1,600 at 200,000. More is slower
    /// and closer to exact.
    /// </summary>
    public int? IvfFlatProbes { get; set; }

    /// <summary>Gets or sets the HNSW <c>m</c> (links per node, default 16, 2 to 100), used when the index is created.</summary>
    public int HnswM { get; set; } = 16;

    /// <summary>Gets or sets the HNSW <c>ef_construction</c> (default 64, at least twice <see cref="HnswM"/>, at most 1000), used when the index is created.</summary>
    public int HnswEfConstruction { get; set; } = 64;

    /// <summary>
    /// Gets or sets <c>maintenance_work_mem</c> for the HNSW build of the first load (for example <c>2GB</c>);
    /// null (the default) keeps the server's. pgvector builds far faster when the graph fits: about 1.7 KB per
    /// 256-dimensional query vector.
    /// </summary>
    public string? IndexBuildMemory { get; set; }

    /// <summary>
    /// Gets or sets <c>max_parallel_maintenance_workers</c> for the centroid index build of a first load or bulk load
    /// (0 to 1024; 0 builds on one core); null (the default) keeps the server's (PostgreSQL's default is 2). pgvector
    /// builds an HNSW graph in parallel from 0.6; below 0.8.2 (CVE-2026-3172) the store always builds HNSW on one core
    /// and logs a warning. The workers also need the server's <c>max_worker_processes</c> and <c>max_parallel_workers</c>.
    /// </summary>
    public int? IndexBuildWorkers { get; set; }

    /// <summary>
    /// Gets or sets the fewest items a bulk load (<see cref="ICatalogBulkLoader.BeginBulkLoadAsync(int, CancellationToken)"/>)
    /// must announce for the store to drop the HNSW index and build it again when the load ends (default 100);
    /// 0 never defers the index. A load of at least this many items is deferred when the catalog is empty or
    /// the load is at least a third of the items already stored: building the index once over every row is
    /// then cheaper than inserting the new rows into it one by one.
    /// </summary>
    public int BulkLoadMinimumItems { get; set; } = 100;

    /// <summary>
    /// Gets or sets how long a bulk load waits to drop the HNSW index (default 5 seconds). Dropping it needs the
    /// table to itself, and while it waits every new search and write of the catalog queues behind it; when a
    /// long transaction holds the table past this limit, the load goes on with the index kept instead.
    /// </summary>
    public TimeSpan BulkLoadLockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the time limit of the statements of an upsert that scale with its size (the copies, the
    /// merge and the first HNSW build; default 1 hour). Other statements use <see cref="CommandTimeout"/>.
    /// </summary>
    public TimeSpan BulkTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long the server may take to answer any other statement, and to accept a new connection
    /// (default 30 seconds, 1 second to 1 day, whole seconds). A server that does not answer in time (overloaded,
    /// or frozen with its socket open) fails the call with a <see cref="CatalogStoreException"/> that names this
    /// limit, after at most this long plus the cancellation's own wait (at most 2 seconds). It replaces the
    /// connection string's <c>Command Timeout</c> (and caps its <c>Timeout</c> and <c>Cancellation Timeout</c>) on
    /// the data source the store builds; a data source given to the store keeps its own settings.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
