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

    // Google's status names (RESOURCE_EXHAUSTED) are short; a server may send anything.
    private const int MaxStatusLength = 100;

    /// <summary>Reads an unsuccessful response's body into an error description.</summary>
    /// <param name="response">The response.</param>
    /// <param name="redact">Takes secrets out of each text field, before it is cut short.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<GeminiErrorInfo> ReadAsync(HttpResponseMessage response, Func<string, string> redact, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var info = Parse(response.StatusCode, body, redact);
        return info.RetryAfter is null ? info with { RetryAfter = FromHeader(response.Headers.RetryAfter) } : info;
    }

    /// <summary>Parses an error body; a body that is not Google's JSON becomes a short excerpt.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <param name="redact">Takes secrets out of each text field, before it is cut short; null when there are none.</param>
    public static GeminiErrorInfo Parse(HttpStatusCode statusCode, string body, Func<string, string>? redact = null)
    {
        var error = TryDeserialize(body);
        if (error is null)
        {
            var excerpt = string.IsNullOrWhiteSpace(body) ? "(empty body)" : Truncate(Redact(body.Trim(), redact));
            return new GeminiErrorInfo(statusCode, null, excerpt, null);
        }

        return FromError(error, statusCode, redact);
    }

    /// <summary>Describes an error object, from a body or from a stream's error event.</summary>
    /// <param name="error">The error object.</param>
    /// <param name="fallbackStatusCode">The HTTP status when the object has no code.</param>
    /// <param name="redact">Takes secrets out of each text field (message and status), before any is cut short; null when there are none.</param>
    public static GeminiErrorInfo FromError(GeminiError error, HttpStatusCode? fallbackStatusCode, Func<string, string>? redact = null)
    {
        var statusCode = error.Code is int code and >= 100 and <= 599 ? (HttpStatusCode)code : fallbackStatusCode;
        var message = string.IsNullOrWhiteSpace(error.Message) ? "(no message)" : Truncate(Redact(error.Message.Trim(), redact));
        var status = error.Status is null ? null : Truncate(Redact(error.Status, redact), MaxStatusLength);
        return new GeminiErrorInfo(statusCode, status, message, GetRetryDelay(error));
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

    private static string Redact(string text, Func<string, string>? redact) => redact is null ? text : redact(text);

    private static string Truncate(string text, int maxLength = MaxMessageLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "...");
}
