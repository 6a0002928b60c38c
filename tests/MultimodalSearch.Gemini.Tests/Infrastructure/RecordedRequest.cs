using System.Text.Json.Nodes;

namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>One request as the fake server saw it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    long Timestamp)
{
    /// <summary>Gets the body parsed as JSON (throws if it is not JSON, which fails the test).</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The request body is JSON null.");

    /// <summary>Gets a header value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
