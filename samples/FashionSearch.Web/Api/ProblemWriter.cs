using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace FashionSearch.Web.Api;

/// <summary>Writes problem details whatever the client accepts: the default writer declines when Accept names no JSON type (a stream client sends text/event-stream), and a status without its reason helps nobody.</summary>
internal static class ProblemWriter
{
    /// <summary>Sets the status and writes the problem.</summary>
    /// <param name="context">The request.</param>
    /// <param name="problem">The problem.</param>
    /// <param name="exception">The exception behind it, if any.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false))
        {
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
