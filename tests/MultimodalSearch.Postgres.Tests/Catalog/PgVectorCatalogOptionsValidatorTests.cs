using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>Option checks: every bad setting is named with its allowed range, before anything reaches the server.</summary>
public sealed class PgVectorCatalogOptionsValidatorTests
{
    [Fact]
    public void Default_options_with_a_connection_string_are_valid()
    {
        Assert.Empty(PgVectorCatalogOptionsValidator.GetErrors(new PgVectorCatalogOptions { ConnectionString = "Host=localhost" }, requireConnectionString: true));
    }

    [Fact]
    public void A_missing_connection_string_is_reported_with_where_to_set_it()
    {
        var result = new PgVectorCatalogOptionsValidator().Validate(null, new PgVectorCatalogOptions());

        Assert.True(result.Failed);
        Assert.Contains("MultimodalSearch:Postgres:ConnectionString is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(PgVectorCatalogOptions.EfSearch), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.EfSearch), 1001)]
    [InlineData(nameof(PgVectorCatalogOptions.CandidateMultiplier), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.MinCandidates), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.RescoreMultiplier), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.MaxRescoreRounds), -1)]
    [InlineData(nameof(PgVectorCatalogOptions.MaxRescoreRounds), 11)]
    [InlineData(nameof(PgVectorCatalogOptions.TextRoutes), -1)]
    [InlineData(nameof(PgVectorCatalogOptions.TextRoutes), 65)]
    [InlineData(nameof(PgVectorCatalogOptions.MaxScanTuples), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.ExactSearchThreshold), -1)]
    [InlineData(nameof(PgVectorCatalogOptions.ExactProbeThreshold), -1)]
    [InlineData(nameof(PgVectorCatalogOptions.ExactProbeThreshold), int.MaxValue)]
    [InlineData(nameof(PgVectorCatalogOptions.HnswM), 1)]
    [InlineData(nameof(PgVectorCatalogOptions.HnswM), 101)]
    [InlineData(nameof(PgVectorCatalogOptions.HnswEfConstruction), 1001)]
    [InlineData(nameof(PgVectorCatalogOptions.Dimensions), 0)]
    [InlineData(nameof(PgVectorCatalogOptions.Dimensions), 2001)]
    [InlineData(nameof(PgVectorCatalogOptions.BulkLoadMinimumItems), -1)]
    public void An_out_of_range_setting_is_named_in_the_error(string setting, int value)
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost" };
        typeof(PgVectorCatalogOptions).GetProperty(setting)!.SetValue(options, value);

        var errors = PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true);

        Assert.Contains(errors, e => e.StartsWith($"MultimodalSearch:Postgres:{setting} must be between", StringComparison.Ordinal) && e.EndsWith($"got {value}.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plenty")]
    [InlineData("2 gigabytes")]
    [InlineData("2gb")]
    [InlineData("512kB ")]
    [InlineData("-1GB")]
    [InlineData("1.5GB")]
    [InlineData("500kB")]
    [InlineData("2048GB")]
    [InlineData("")]
    public void An_index_build_memory_the_server_would_refuse_is_rejected_at_startup(string value)
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", IndexBuildMemory = value };

        var errors = PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true);

        Assert.Contains(errors, e => e.StartsWith("MultimodalSearch:Postgres:IndexBuildMemory must be a PostgreSQL memory size", StringComparison.Ordinal) && e.EndsWith($"got '{value}'.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1025)]
    [InlineData(int.MinValue)]
    public void Index_build_workers_the_server_would_refuse_are_rejected_at_startup(int value)
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", IndexBuildWorkers = value };

        var errors = PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true);

        Assert.Contains(errors, e => e.StartsWith("MultimodalSearch:Postgres:IndexBuildWorkers must be from 0 to 1024", StringComparison.Ordinal) && e.EndsWith($"got {value}.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    public void Index_build_workers_the_server_reads_are_accepted(int? value)
    {
        Assert.Empty(PgVectorCatalogOptionsValidator.GetErrors(new PgVectorCatalogOptions { ConnectionString = "Host=localhost", IndexBuildWorkers = value }, requireConnectionString: true));
    }

    [Theory]
    [InlineData("2GB")]
    [InlineData("256MB")]
    [InlineData("1048576kB")]
    [InlineData("65536")]
    [InlineData(" 1TB ")]
    public void An_index_build_memory_the_server_reads_is_accepted(string value)
    {
        Assert.Empty(PgVectorCatalogOptionsValidator.GetErrors(new PgVectorCatalogOptions { ConnectionString = "Host=localhost", IndexBuildMemory = value }, requireConnectionString: true));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    [InlineData(86_401.0)]
    public void A_command_timeout_that_is_not_whole_seconds_from_1_s_to_1_day_is_rejected(double seconds)
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", CommandTimeout = TimeSpan.FromSeconds(seconds) };

        Assert.Contains(PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true), e => e.StartsWith("MultimodalSearch:Postgres:CommandTimeout must be a whole number of seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Ef_construction_below_twice_m_is_rejected()
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", HnswM = 32, HnswEfConstruction = 40 };

        Assert.Contains(PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true), e => e.Contains("at least twice HnswM (64)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Multimodal")]
    [InlineData("a;b")]
    [InlineData("")]
    public void Schema_and_collection_must_be_identifiers(string name)
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", Schema = name, Collection = name };

        var errors = PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true);

        Assert.Contains(errors, e => e.StartsWith("MultimodalSearch:Postgres:Schema must be a lower-case identifier", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MultimodalSearch:Postgres:Collection must be a lower-case identifier", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_positive_bulk_timeout_is_rejected()
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", BulkTimeout = TimeSpan.Zero };

        Assert.Contains(PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true), e => e.StartsWith("MultimodalSearch:Postgres:BulkTimeout must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_positive_bulk_load_lock_timeout_is_rejected()
    {
        var options = new PgVectorCatalogOptions { ConnectionString = "Host=localhost", BulkLoadLockTimeout = TimeSpan.FromSeconds(-1) };

        Assert.Contains(PgVectorCatalogOptionsValidator.GetErrors(options, requireConnectionString: true), e => e.StartsWith("MultimodalSearch:Postgres:BulkLoadLockTimeout must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_rejects_invalid_options_with_every_problem_in_one_message()
    {
        var error = Assert.Throws<ArgumentException>(() => PgVectorCatalogStore.Create(new PgVectorCatalogOptions { Schema = "Bad", EfSearch = 0 }));

        Assert.Contains("ConnectionString is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Schema must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("EfSearch must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_a_malformed_connection_string_clearly()
    {
        var error = Assert.Throws<ArgumentException>(() => PgVectorCatalogStore.Create(new PgVectorCatalogOptions { ConnectionString = "Host=x;NoSuchKeyword=1" }, NullLoggerFactory.Instance));

        Assert.StartsWith("The PostgreSQL connection string is invalid", error.Message, StringComparison.Ordinal);
    }
}
