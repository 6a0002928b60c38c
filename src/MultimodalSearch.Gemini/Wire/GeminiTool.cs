namespace MultimodalSearch.Gemini.Wire;

/// <summary>A tool entry; this client only sends function declarations.</summary>
internal sealed class GeminiTool
{
    public required IList<GeminiFunctionDeclaration> FunctionDeclarations { get; init; }
}
