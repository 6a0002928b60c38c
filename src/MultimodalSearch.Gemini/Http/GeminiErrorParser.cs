using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Reads Google's error bodies (<c>{"error":{"code","message","status","details"}}</c>, sometimes wrapped in
/// an array) and the <c>RetryInfo</c> detail or <c>Retry-After</c> header.
/// </summary>
internal static class GeminiErrorParser
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    private const int MaxMessageLength = 1000;

    /// <summary>Reads an unsuccessful response's body into an error description.</summary>
    public static async Task<GeminiErrorInfo> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var info = Parse(response.StatusCode, body);
        return info.RetryAfter is null ? info with { RetryAfter = FromHeader(response.Headers.RetryAfter) } : info;
    }

    /// <summary>Parses an error body; a body that is not Google's JSON becomes a short excerpt.</summary>
    public static GeminiErrorInfo Parse(HttpStatusCode statusCode, string body)
    {
        var error = TryDeserialize(body);
        if (error is null)
        {
            var excerpt = string.IsNullOrWhiteSpace(body) ? "(empty body)" : Truncate(body.Trim());
            return new GeminiErrorInfo(statusCode, null, excerpt, null);
        }

        return FromError(error, statusCode);
    }

    /// <summary>Describes an error object, from a body or from a stream's error event.</summary>
    public static GeminiErrorInfo FromError(GeminiError error, HttpStatusCode? fallbackStatusCode)
    {
        var statusCode = error.Code is int code and >= 100 and <= 599 ? (HttpStatusCode)code : fallbackStatusCode;
        var message = string.IsNullOrWhiteSpace(error.Message) ? "(no message)" : Truncate(error.Message.Trim());
        return new GeminiErrorInfo(statusCode, error.Status, message, GetRetryDelay(error));
    }

    /// <summary>Parses a protobuf JSON <c>Duration</c> such as <c>"26s"</c> or <c>"0.200s"</c>.</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        if (value is null || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and < 1e7
                ? TimeSpan.FromSeconds(seconds)
                : null;
    }

    private static TimeSpan? GetRetryDelay(GeminiError error)
    {
        foreach (var detail in error.Details ?? [])
        {
            if (detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("@type", out var type) && type.ValueEquals(RetryInfoType)
                && detail.TryGetProperty("retryDelay", out var delay) && delay.ValueKind == JsonValueKind.String)
            {
                return ParseDuration(delay.GetString());
            }
        }

        return null;
    }

    private static TimeSpan? FromHeader(RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Reads Google's error envelope (or an array of them) from <paramref name="body"/>; <see langword="null"/> when it is not one.</summary>
    public static GeminiError? TryParseError(string body) => TryDeserialize(body);

    private static GeminiError? TryDeserialize(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            // The non-SSE streaming method wraps its error in an array.
            return trimmed[0] == '['
                ? JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiErrorResponseArray)?.FirstOrDefault()?.Error
                : JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) =>
        text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "...");
}
