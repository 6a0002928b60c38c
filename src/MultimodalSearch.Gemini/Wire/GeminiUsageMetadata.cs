namespace MultimodalSearch.Gemini.Wire;

/// <summary>Token counts; cumulative over a stream.</summary>
internal sealed class GeminiUsageMetadata
{
    public int? PromptTokenCount { get; init; }

    public int? CandidatesTokenCount { get; init; }

    public int? TotalTokenCount { get; init; }

    public int? CachedContentTokenCount { get; init; }

    public int? ThoughtsTokenCount { get; init; }

    public int? ToolUsePromptTokenCount { get; init; }
}
