using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>The result of a function call, sent back in a <c>user</c> turn.</summary>
internal sealed class GeminiFunctionResponse
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    public required JsonElement Response { get; init; }
}
