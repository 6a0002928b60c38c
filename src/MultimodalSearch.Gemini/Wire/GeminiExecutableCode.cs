namespace MultimodalSearch.Gemini.Wire;

/// <summary>Code the model wrote for the code-execution tool (<c>executableCode</c>).</summary>
internal sealed class GeminiExecutableCode
{
    public string? Language { get; init; }

    public string? Code { get; init; }
}
