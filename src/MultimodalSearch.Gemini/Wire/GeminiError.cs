using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>A <c>google.rpc.Status</c>: HTTP code, status name, message and typed details.</summary>
internal sealed class GeminiError
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public string? Status { get; init; }

    public IList<JsonElement>? Details { get; init; }
}
