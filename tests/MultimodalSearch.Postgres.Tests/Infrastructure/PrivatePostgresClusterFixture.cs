namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>
/// One <see cref="PrivatePostgresCluster"/> shared by the tests of a class (which run one after another), started on
/// first use, so that a class whose tests are skipped starts nothing.
/// </summary>
public sealed class PrivatePostgresClusterFixture : IAsyncLifetime
{
    private readonly Lock _lock = new();
    private Task<PrivatePostgresCluster>? _cluster;

    /// <summary>Gets the cluster, starting it on the first call.</summary>
    /// <returns>The running cluster.</returns>
    public Task<PrivatePostgresCluster> GetAsync()
    {
        lock (_lock)
        {
            return _cluster ??= PrivatePostgresCluster.StartAsync("mms-pg-shared-");
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await (await _cluster).DisposeAsync();
        }
    }
}
