using Microsoft.AspNetCore.Mvc;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>Turns exceptions into RFC 9457 problem details: the library's clear messages for bad input, nothing internal otherwise.</summary>
internal static class ProblemMapping
{
    /// <summary>Maps an exception to a problem.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The problem, and whether the exception is a server-side failure worth logging as an error.</returns>
    public static (ProblemDetails Problem, bool ServerFault) From(Exception exception) => exception switch
    {
        ApiException api => (Create(api.Status, api.Title, api.Message), false),
        InvalidImageException image => (Create(StatusCodes.Status400BadRequest, "The photo cannot be used", image.Message), false),
        BadHttpRequestException bad => (Create(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large" : "Bad request", bad.Message), false),
        InvalidDataException data => (Create(StatusCodes.Status400BadRequest, "The form cannot be read", data.Message), false),
        ArgumentException argument => (Create(StatusCodes.Status400BadRequest, "Invalid request", StripParameterName(argument)), false),
        TimeoutException timeout => (Create(StatusCodes.Status504GatewayTimeout, "The request took too long", timeout.Message), false),
        CatalogStoreException => (Create(StatusCodes.Status503ServiceUnavailable, "The catalog is unavailable", "The catalog store failed; try again later."), true),
        EmbeddingModelException => (Create(StatusCodes.Status500InternalServerError, "The search failed", "The embedding model failed."), true),
        _ => (Create(StatusCodes.Status500InternalServerError, "The request failed", "An unexpected error occurred."), true),
    };

    /// <summary>Creates a problem with the RFC 9110 type URI of its status.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="title">The title.</param>
    /// <param name="detail">The detail.</param>
    /// <returns>The problem.</returns>
    public static ProblemDetails Create(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Type = status switch
        {
            400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            429 => "https://tools.ietf.org/html/rfc6585#section-4",
            503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            504 => "https://tools.ietf.org/html/rfc9110#section-15.6.5",
            _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        },
    };

    // ArgumentException appends " (Parameter 'request')", which means nothing to an HTTP client.
    private static string StripParameterName(ArgumentException exception) =>
        exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : exception.Message;
}
