namespace MultimodalSearch.Gemini.Wire;

/// <summary>How the model may use the declared tools (<c>toolConfig</c>).</summary>
internal sealed class GeminiToolConfig
{
    public required GeminiFunctionCallingConfig FunctionCallingConfig { get; init; }
}
