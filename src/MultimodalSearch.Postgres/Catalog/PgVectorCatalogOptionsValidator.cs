using Microsoft.Extensions.Options;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>Checks <see cref="PgVectorCatalogOptions"/> at startup, with messages that name the setting and its range.</summary>
internal sealed class PgVectorCatalogOptionsValidator : IValidateOptions<PgVectorCatalogOptions>
{
    /// <summary>The most dimensions pgvector's HNSW index takes for <c>vector</c>.</summary>
    public const int MaxDimensions = 2000;

    /// <summary>The most <see cref="PgVectorCatalogOptions.IndexBuildWorkers"/> (PostgreSQL's bound of <c>max_parallel_maintenance_workers</c>).</summary>
    public const int MaxIndexBuildWorkers = 1024;

    /// <summary>The configuration section the options are bound from, for messages.</summary>
    internal const string Section = "MultimodalSearch:Postgres";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PgVectorCatalogOptions options)
    {
        var errors = GetErrors(options, requireConnectionString: true);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireConnectionString">Whether a connection string is needed (not when a data source is given).</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static void ThrowIfInvalid(PgVectorCatalogOptions options, bool requireConnectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = GetErrors(options, requireConnectionString);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid PostgreSQL catalog options: " + string.Join(" ", errors), nameof(options));
        }
    }

    /// <summary>Lists the problems of <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="requireConnectionString">Whether a connection string is needed.</param>
    /// <returns>One message per problem.</returns>
    public static List<string> GetErrors(PgVectorCatalogOptions options, bool requireConnectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (requireConnectionString && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{Section}:ConnectionString is required (for example Host=localhost;Username=app;Database=shop); set it in configuration or in AddPgVectorCatalog(o => o.ConnectionString = ...).");
        }

        if (!PostgresIdentifiers.IsIdentifier(options.Schema))
        {
            errors.Add($"{Section}:Schema must be a lower-case identifier (a-z, 0-9, _; at most {PostgresIdentifiers.MaxIdentifierLength} characters; not pg_...); got '{options.Schema}'.");
        }

        if (!PostgresIdentifiers.IsIdentifier(options.Collection))
        {
            errors.Add($"{Section}:Collection must be a lower-case identifier (a-z, 0-9, _; at most {PostgresIdentifiers.MaxIdentifierLength} characters; not pg_...); got '{options.Collection}'.");
        }

        Range(errors, nameof(options.Dimensions), options.Dimensions ?? 1, 1, MaxDimensions);
        Range(errors, nameof(options.EfSearch), options.EfSearch, 1, 1000);
        Range(errors, nameof(options.CandidateMultiplier), options.CandidateMultiplier, 1, 10_000);
        Range(errors, nameof(options.MinCandidates), options.MinCandidates, 1, 1_000_000);
        Range(errors, nameof(options.RescoreMultiplier), options.RescoreMultiplier, 1, 1000);
        Range(errors, nameof(options.MaxRescoreRounds), options.MaxRescoreRounds, 0, 10);
        Range(errors, nameof(options.TextRoutes), options.TextRoutes, 0, 64);
        Range(errors, nameof(options.MaxScanTuples), options.MaxScanTuples, 1, int.MaxValue);
        Range(errors, nameof(options.ExactSearchThreshold), options.ExactSearchThreshold, 0, int.MaxValue);
        Range(errors, nameof(options.ExactProbeThreshold), options.ExactProbeThreshold, 0, int.MaxValue - 1);
        Range(errors, nameof(options.HnswM), options.HnswM, 2, 100);
        Range(errors, nameof(options.HnswEfConstruction), options.HnswEfConstruction, 4, 1000);
        Range(errors, nameof(options.IvfFlatProbes), options.IvfFlatProbes ?? 1, 1, PgVectorCatalogSqlBuilder.MaxIvfFlatLists);
        Range(errors, nameof(options.BulkLoadMinimumItems), options.BulkLoadMinimumItems, 0, int.MaxValue);
        if (options.HnswEfConstruction < 2 * options.HnswM)
        {
            errors.Add($"{Section}:HnswEfConstruction must be at least twice HnswM ({2 * options.HnswM}); got {options.HnswEfConstruction}.");
        }

        if (options.BulkTimeout <= TimeSpan.Zero || options.BulkTimeout.TotalSeconds > int.MaxValue)
        {
            errors.Add($"{Section}:BulkTimeout must be positive; got {options.BulkTimeout}.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromDays(1) || options.CommandTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{Section}:CommandTimeout must be a whole number of seconds from 1 second to 1 day (for example 00:00:05); got {options.CommandTimeout}.");
        }

        if (options.BulkLoadLockTimeout <= TimeSpan.Zero || options.BulkLoadLockTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"{Section}:BulkLoadLockTimeout must be positive; got {options.BulkLoadLockTimeout}.");
        }

        if (options.IndexBuildMemory is { } memory
            && (!PostgresMemorySize.TryParseKilobytes(memory, out var kilobytes) || kilobytes < PostgresMemorySize.MinMaintenanceKilobytes || kilobytes > PostgresMemorySize.MaxMaintenanceKilobytes))
        {
            errors.Add($"{Section}:IndexBuildMemory must be a PostgreSQL memory size from 1MB to 2047GB, a number with one of the units kB, MB, GB, TB (case as written) such as 2GB, or absent; got '{memory}'.");
        }

        if (options.IndexBuildWorkers is < 0 or > MaxIndexBuildWorkers)
        {
            errors.Add($"{Section}:IndexBuildWorkers must be from 0 to {MaxIndexBuildWorkers} (PostgreSQL's max_parallel_maintenance_workers), or absent; got {options.IndexBuildWorkers}.");
        }

        if (!Enum.IsDefined(options.IterativeScan))
        {
            errors.Add($"{Section}:IterativeScan must be Off, RelaxedOrder or StrictOrder; got {options.IterativeScan}.");
        }

        if (!Enum.IsDefined(options.CentroidIndex))
        {
            errors.Add($"{Section}:CentroidIndex must be Hnsw or IvfFlat; got {options.CentroidIndex}.");
        }

        return errors;
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{name} must be between {min} and {max}; got {value}.");
        }
    }
}
