namespace MultimodalSearch.Gemini.Wire;

/// <summary>The result of running <see cref="GeminiExecutableCode"/> (<c>codeExecutionResult</c>).</summary>
internal sealed class GeminiCodeExecutionResult
{
    public string? Outcome { get; init; }

    public string? Output { get; init; }
}
