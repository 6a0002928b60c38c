using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>A function call the model asks for.</summary>
internal sealed class GeminiFunctionCall
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    public JsonElement? Args { get; init; }
}
