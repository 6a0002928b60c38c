using FashionSearch.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace FashionSearch.Web.Api;

/// <summary>Writes every exception that leaves an endpoint as problem details (see <see cref="ProblemMapping"/>).</summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var (problem, serverFault) = ProblemMapping.From(exception);
        if (serverFault)
        {
            WebLog.RequestFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            WebLog.RequestRejected(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status ?? 0, problem.Detail ?? "");
        }

        await ProblemWriter.WriteAsync(httpContext, problem, exception).ConfigureAwait(false);
        return true;
    }
}
