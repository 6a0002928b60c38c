namespace MultimodalSearch.Gemini.Wire;

/// <summary>Thinking settings (<c>generationConfig.thinkingConfig</c>).</summary>
internal sealed class GeminiThinkingConfig
{
    public bool? IncludeThoughts { get; init; }

    public int? ThinkingBudget { get; init; }

    public string? ThinkingLevel { get; init; }
}
