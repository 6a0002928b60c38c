using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>A function the model may call, with its parameters as JSON Schema.</summary>
internal sealed class GeminiFunctionDeclaration
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? ParametersJsonSchema { get; init; }
}
