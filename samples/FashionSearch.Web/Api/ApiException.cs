namespace FashionSearch.Web.Api;

/// <summary>A request the API refuses before the library sees it; becomes a ProblemDetails response with <see cref="Status"/>.</summary>
/// <param name="status">The HTTP status code.</param>
/// <param name="title">The problem's short title.</param>
/// <param name="detail">What exactly is wrong (and the setting that limits it).</param>
internal sealed class ApiException(int status, string title, string detail) : Exception(detail)
{
    /// <summary>Gets the HTTP status code.</summary>
    public int Status { get; } = status;

    /// <summary>Gets the problem's title.</summary>
    public string Title { get; } = title;
}
