using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Postgres;

/// <summary>The PostgreSQL package's log events (ids 1800-1899, docs/telemetry.md).</summary>
internal static partial class PgVectorLog
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Error, Message = "{Operation} on collection {Collection} failed")]
    public static partial void VectorStoreOperationFailed(ILogger logger, Exception exception, string operation, string? collection);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Debug, Message = "Collection {Collection} exists in schema {Schema}")]
    public static partial void CollectionExists(ILogger logger, string collection, string schema);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "Catalog {Catalog} holds {QueryCount} query vectors of {Dimensions} dimensions per item")]
    public static partial void CatalogShapeSet(ILogger logger, string catalog, int queryCount, int dimensions);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Debug, Message = "The HNSW index of catalog {Catalog} is left to the bulk load in progress")]
    public static partial void IndexLeftToBulkLoad(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Information, Message = "Dropped the HNSW index of catalog {Catalog} for a bulk load")]
    public static partial void IndexDroppedForBulkLoad(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Information, Message = "Migrating catalog {Catalog} from schema version {From} to {To}")]
    public static partial void Migrating(ILogger logger, string catalog, int from, int to);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Information, Message = "The HNSW index of catalog {Catalog} is missing while a bulk load is open; that load builds it when it ends")]
    public static partial void IndexMissingDuringBulkLoad(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1807, Level = LogLevel.Warning, Message = "The HNSW index of catalog {Catalog} is missing (an interrupted bulk load); building it now")]
    public static partial void IndexMissingRebuilding(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1808, Level = LogLevel.Information, Message = "Building the HNSW index of catalog {Catalog} (m {M}, ef_construction {EfConstruction})")]
    public static partial void BuildingIndex(ILogger logger, string catalog, int m, int efConstruction);

    [LoggerMessage(EventId = 1809, Level = LogLevel.Information, Message = "Built the HNSW index of catalog {Catalog} in {Elapsed}")]
    public static partial void BuiltIndex(ILogger logger, string catalog, TimeSpan elapsed);

    [LoggerMessage(EventId = 1810, Level = LogLevel.Information, Message = "Creating the pgvector extension in database {Database}")]
    public static partial void CreatingExtension(ILogger logger, string database);

    [LoggerMessage(EventId = 1811, Level = LogLevel.Error, Message = "{Operation} on {Server} failed")]
    public static partial void CatalogOperationFailed(ILogger logger, Exception exception, string operation, string server);

    [LoggerMessage(EventId = 1812, Level = LogLevel.Debug, Message = "Upserted {Count} items into {Catalog} in {Elapsed}")]
    public static partial void Upserted(ILogger logger, int count, string catalog, TimeSpan elapsed);

    [LoggerMessage(EventId = 1813, Level = LogLevel.Debug, Message = "A bulk load of {Expected} items into catalog {Catalog} keeps the HNSW index (BulkLoadMinimumItems {Minimum})")]
    public static partial void BulkLoadKeepsIndexSmall(ILogger logger, int expected, string catalog, int minimum);

    [LoggerMessage(EventId = 1814, Level = LogLevel.Information, Message = "A bulk load of {Expected} items into catalog {Catalog} of {Stored} items keeps the HNSW index: rebuilding it would cost more")]
    public static partial void BulkLoadKeepsIndexCheaper(ILogger logger, int expected, string catalog, long stored);

    [LoggerMessage(EventId = 1815, Level = LogLevel.Warning, Message = "A bulk load of {Expected} items into catalog {Catalog} keeps the HNSW index: another transaction held the table past BulkLoadLockTimeout ({Timeout})")]
    public static partial void BulkLoadKeepsIndexLocked(ILogger logger, int expected, string catalog, TimeSpan timeout);

    [LoggerMessage(EventId = 1816, Level = LogLevel.Information, Message = "Bulk load of {Expected} items into catalog {Catalog} of {Stored} items: the HNSW index is built when it ends")]
    public static partial void BulkLoadDefersIndex(ILogger logger, int expected, string catalog, long stored);

    [LoggerMessage(EventId = 1817, Level = LogLevel.Warning, Message = "The store of catalog {Catalog} was disposed with {Open} bulk loads not ended; the HNSW index is built when the catalog is next opened")]
    public static partial void DisposedWithOpenBulkLoads(ILogger logger, string catalog, int open);

    [LoggerMessage(EventId = 1818, Level = LogLevel.Information, Message = "A bulk load into catalog {Catalog} ended; the HNSW index is built when the other {Open} end")]
    public static partial void BulkLoadEndedOthersOpen(ILogger logger, string catalog, int open);

    [LoggerMessage(EventId = 1819, Level = LogLevel.Information, Message = "Bulk load into catalog {Catalog} ended in {Elapsed} (HNSW index built: {Built})")]
    public static partial void BulkLoadEnded(ILogger logger, string catalog, TimeSpan elapsed, bool built);

    [LoggerMessage(EventId = 1820, Level = LogLevel.Debug, Message = "Releasing the bulk load lock of catalog {Catalog} failed")]
    public static partial void BulkLoadLockReleaseFailed(ILogger logger, Exception exception, string catalog);

    [LoggerMessage(EventId = 1821, Level = LogLevel.Debug, Message = "The HNSW index gave {Found} of {Top} items; scanning exactly")]
    public static partial void ExactScanFallback(ILogger logger, int found, int top);

    [LoggerMessage(EventId = 1822, Level = LogLevel.Warning, Message = "{Operation} on {Server} lost its connection or conflicted ({Error}); retrying once on a fresh connection")]
    public static partial void RetryingOnFreshConnection(ILogger logger, Exception exception, string operation, string server, string error);

    [LoggerMessage(EventId = 1823, Level = LogLevel.Debug, Message = "{Statement} has run for {Elapsed}; PostgreSQL at {Server} still answers")]
    public static partial void StillAnswering(ILogger logger, string statement, TimeSpan elapsed, string server);

    [LoggerMessage(EventId = 1824, Level = LogLevel.Warning, Message = "PostgreSQL at {Server} stopped answering for {Silence} while {Statement} ran; cancelling it")]
    public static partial void StoppedAnswering(ILogger logger, string server, TimeSpan silence, string statement);

    [LoggerMessage(EventId = 1825, Level = LogLevel.Debug, Message = "An item ranked below the {Ranked} re-scored could still reach the top {Top} (the ranking's largest observed rise {Rise}); re-ranking {Next}")]
    public static partial void RescoreWidened(ILogger logger, int ranked, int top, float rise, int next);

    [LoggerMessage(EventId = 1826, Level = LogLevel.Information, Message = "Building the IVFFlat index of catalog {Catalog} ({Lists} lists for {Rows} centroid rows)")]
    public static partial void BuildingIvfFlatIndex(ILogger logger, string catalog, int lists, long rows);

    [LoggerMessage(EventId = 1827, Level = LogLevel.Warning, Message = "Rebuilding the centroid index of catalog {Catalog}: {Reason}")]
    public static partial void RebuildingIndex(ILogger logger, string catalog, string reason);

    [LoggerMessage(EventId = 1828, Level = LogLevel.Warning, Message = "Computing the centroid rows of catalog {Catalog} again (schema version 5 seeds them farthest-first); searches of the catalog wait until its index is built again")]
    public static partial void RecomputingCentroids(ILogger logger, string catalog);

    [LoggerMessage(EventId = 1829, Level = LogLevel.Information, Message = "Computed the centroid rows of {Items} items of catalog {Catalog} again in {Elapsed}")]
    public static partial void RecomputedCentroids(ILogger logger, string catalog, long items, TimeSpan elapsed);

    [LoggerMessage(EventId = 1830, Level = LogLevel.Warning, Message = "Building the HNSW index of catalog {Catalog} on one core: pgvector {Version} overflows a buffer in parallel HNSW builds (CVE-2026-3172); upgrade pgvector to 0.8.2 or later")]
    public static partial void ParallelHnswBuildUnsafe(ILogger logger, string catalog, string version);
}
