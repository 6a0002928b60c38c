using System.Globalization;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Decides <c>max_parallel_maintenance_workers</c> for a centroid index build: the configured count
/// (<see cref="PgVectorCatalogOptions.IndexBuildWorkers"/>, null for the server's), except that an HNSW build on
/// pgvector below <see cref="MinParallelHnswVersion"/> always runs on one core: pgvector 0.8.0 and 0.8.1 overflow a
/// buffer in parallel HNSW builds (CVE-2026-3172), and PostgreSQL's default of two workers would start them.
/// </summary>
internal static class PgVectorIndexBuildWorkers
{
    /// <summary>The first pgvector release whose parallel HNSW build is safe.</summary>
    public static readonly Version MinParallelHnswVersion = new(0, 8, 2);

    /// <summary>Decides the workers of one build.</summary>
    /// <param name="index">The kind of index built.</param>
    /// <param name="extensionVersion">The server's pgvector version (<c>pg_extension.extversion</c>), or null when unknown.</param>
    /// <param name="configured">The configured workers, or null for the server's setting.</param>
    /// <returns>The workers to set for the build's transaction, or null to keep the server's; and whether the configured (or the server's) count was overridden for safety.</returns>
    public static (int? Workers, bool Unsafe) Resolve(PgVectorCentroidIndex index, string? extensionVersion, int? configured)
    {
        if (index == PgVectorCentroidIndex.Hnsw && configured != 0 && IsBelowSafeVersion(extensionVersion))
        {
            return (0, true);
        }

        return (configured, false);
    }

    /// <summary>Whether <paramref name="extensionVersion"/> is a version below <see cref="MinParallelHnswVersion"/>; false when it cannot be read.</summary>
    private static bool IsBelowSafeVersion(string? extensionVersion)
    {
        // pgvector's versions are major.minor.patch; a suffix (a distribution's "0.8.1-1") does not count.
        var numeric = extensionVersion?.Split('-', '+', '~')[0];
        return Version.TryParse(numeric, out var version) && Normalize(version) < MinParallelHnswVersion;
    }

    // "0.8" parses with no build number (-1), which would order it below 0.8.0.
    private static Version Normalize(Version version) => new(version.Major, version.Minor, Math.Max(0, version.Build));

    /// <summary>Formats a worker count for <c>set_config</c>.</summary>
    /// <param name="workers">The workers.</param>
    /// <returns>The setting's text.</returns>
    public static string Setting(int workers) => workers.ToString(CultureInfo.InvariantCulture);
}
