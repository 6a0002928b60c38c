using FashionSearch.Web.Health;

namespace FashionSearch.Web.Api;

/// <summary>Answers API requests with a 503 (and Retry-After) until startup has indexed the catalog and warmed the model.</summary>
internal sealed class ReadinessFilter(Readiness readiness) : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (readiness.IsReady)
        {
            return next(context);
        }

        context.HttpContext.Response.Headers.RetryAfter = "5";
        throw new ApiException(StatusCodes.Status503ServiceUnavailable, "Not ready yet", "The app is starting (" + readiness.State + "); try again in a few seconds.");
    }
}
