namespace FashionSearch.Web.Api;

/// <summary>
/// Refuses form posts that a browser sends from another site (cross-site request forgery): a <c>Sec-Fetch-Site</c> other
/// than same-origin or none, or an <c>Origin</c> that is not this host. Clients that are not browsers send neither
/// header and are not affected; browsers always send one of them on a cross-site POST.
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            throw Forbidden($"Sec-Fetch-Site is '{site}'");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsSameOrigin(origin, request))
        {
            throw Forbidden($"Origin '{origin}' is not this site");
        }

        return next(context);
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static ApiException Forbidden(string why) =>
        new(StatusCodes.Status403Forbidden, "Cross-site request refused", why + "; the API accepts form posts only from its own pages.");
}
