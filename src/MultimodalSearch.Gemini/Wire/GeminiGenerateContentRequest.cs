namespace MultimodalSearch.Gemini.Wire;

/// <summary>The body of <c>generateContent</c> and <c>streamGenerateContent</c>.</summary>
internal sealed class GeminiGenerateContentRequest
{
    public required IList<GeminiContent> Contents { get; init; }

    public GeminiContent? SystemInstruction { get; init; }

    public GeminiGenerationConfig? GenerationConfig { get; init; }

    public IList<GeminiSafetySetting>? SafetySettings { get; init; }

    public IList<GeminiTool>? Tools { get; init; }

    public GeminiToolConfig? ToolConfig { get; init; }
}
