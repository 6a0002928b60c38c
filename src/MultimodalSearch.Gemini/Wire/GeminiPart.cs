namespace MultimodalSearch.Gemini.Wire;

/// <summary>One part of a turn; exactly one of the data members is set.</summary>
internal sealed class GeminiPart
{
    public string? Text { get; init; }

    public bool? Thought { get; init; }

    public string? ThoughtSignature { get; init; }

    public GeminiBlob? InlineData { get; init; }

    public GeminiFileData? FileData { get; init; }

    public GeminiFunctionCall? FunctionCall { get; init; }

    public GeminiFunctionResponse? FunctionResponse { get; init; }
}
