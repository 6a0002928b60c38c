using Npgsql;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Splits a store's data source into the one its writes use and the one its reads use: with
/// <see cref="PgVectorCatalogOptions.ReadFromStandbys"/> and several hosts, writes target the primary and reads prefer a
/// standby (falling back to the primary when none answers); otherwise both are the data source itself.
/// </summary>
internal static class PgVectorStandbyRouting
{
    /// <summary>Splits <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The store's data source.</param>
    /// <param name="readFromStandbys">Whether reads should go to standbys.</param>
    /// <returns>The data source for writes and the one for reads (the same object when reads are not routed).</returns>
    public static (NpgsqlDataSource Writes, NpgsqlDataSource Reads) Split(NpgsqlDataSource dataSource, bool readFromStandbys)
    {
        // The targeted data sources share the multi-host source's pools and are disposed with it.
        return readFromStandbys && dataSource is NpgsqlMultiHostDataSource hosts
            ? (hosts.WithTargetSession(TargetSessionAttributes.Primary), hosts.WithTargetSession(TargetSessionAttributes.PreferStandby))
            : (dataSource, dataSource);
    }
}
