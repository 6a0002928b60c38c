using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace FashionSearch.Web.Api;

/// <summary>Problem details for error statuses set without a body (routing's 404, 405 and 415, a failed parameter binding).</summary>
internal static class StatusCodeProblems
{
    /// <summary>Writes the problem of the response's status.</summary>
    /// <param name="context">The status code context.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the request as multipart/form-data with the fields message, photo (a file), photoItemId and conversation (JSON), each optional.",
            StatusCodes.Status404NotFound => $"Nothing is at {http.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
            StatusCodes.Status400BadRequest => "A parameter is missing or malformed; see /openapi/v1.json.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        var problem = ProblemMapping.Create(status, ReasonPhrases.GetReasonPhrase(status), detail);
        await ProblemWriter.WriteAsync(http, problem).ConfigureAwait(false);
    }
}
