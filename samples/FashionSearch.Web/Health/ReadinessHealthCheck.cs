using Microsoft.Extensions.Diagnostics.HealthChecks;
using MultimodalSearch;

namespace FashionSearch.Web.Health;

/// <summary>Ready once startup is done (catalog indexed, model loaded and warmed) and while the store answers.</summary>
internal sealed class ReadinessHealthCheck(Readiness readiness, ICatalogStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy(readiness.State);
        }

        try
        {
            var count = await store.CountAsync(cancellationToken).ConfigureAwait(false);
            return count > 0
                ? HealthCheckResult.Healthy($"{count} items in the catalog")
                : HealthCheckResult.Degraded("the catalog is empty");
        }
        catch (CatalogStoreException ex)
        {
            return HealthCheckResult.Unhealthy("the catalog store does not answer: " + ex.Message);
        }
    }
}
