using MultimodalSearch.Postgres.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>Which workers a centroid index build gets: the configured count, never a parallel HNSW build on a pgvector with CVE-2026-3172.</summary>
public sealed class PgVectorIndexBuildWorkersTests
{
    [Theory]
    [InlineData("0.8.0", null)]
    [InlineData("0.8.1", null)]
    [InlineData("0.8.1", 4)]
    [InlineData("0.7.4", 2)]
    [InlineData("0.8.1-1", 1)]
    [InlineData("0.8", null)]
    public void An_HNSW_build_below_pgvector_0_8_2_runs_on_one_core_whatever_is_configured(string version, int? configured)
    {
        var (workers, overridden) = PgVectorIndexBuildWorkers.Resolve(PgVectorCentroidIndex.Hnsw, version, configured);

        Assert.Equal(0, workers);
        Assert.True(overridden);
    }

    [Theory]
    [InlineData("0.8.2", null)]
    [InlineData("0.8.2", 3)]
    [InlineData("0.8.7", 1)]
    [InlineData("0.9.0", 0)]
    [InlineData("1.0", 8)]
    public void An_HNSW_build_from_pgvector_0_8_2_on_gets_what_is_configured(string version, int? configured)
    {
        Assert.Equal((configured, false), PgVectorIndexBuildWorkers.Resolve(PgVectorCentroidIndex.Hnsw, version, configured));
    }

    [Theory]
    [InlineData("0.8.0", null)]
    [InlineData("0.8.1", 2)]
    public void An_IVFFlat_build_gets_what_is_configured_whatever_the_version(string version, int? configured)
    {
        Assert.Equal((configured, false), PgVectorIndexBuildWorkers.Resolve(PgVectorCentroidIndex.IvfFlat, version, configured));
    }

    [Fact]
    public void A_single_core_build_asked_for_is_not_reported_as_overridden()
    {
        Assert.Equal((0, false), PgVectorIndexBuildWorkers.Resolve(PgVectorCentroidIndex.Hnsw, "0.8.0", 0));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("devel")]
    public void A_version_that_cannot_be_read_keeps_what_is_configured(string? version)
    {
        Assert.Equal((2, false), PgVectorIndexBuildWorkers.Resolve(PgVectorCentroidIndex.Hnsw, version, 2));
    }
}
