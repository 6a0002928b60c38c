namespace MultimodalSearch.Gemini.Wire;

/// <summary>One part of a turn; exactly one of the data members is set.</summary>
internal sealed class GeminiPart
{
    public string? Text { get; init; }

    public bool? Thought { get; init; }

    // Settable: a signature that came on a part of its own is put back on the text part before it.
    public string? ThoughtSignature { get; set; }

    public GeminiBlob? InlineData { get; init; }

    public GeminiFileData? FileData { get; init; }

    public GeminiFunctionCall? FunctionCall { get; init; }

    public GeminiFunctionResponse? FunctionResponse { get; init; }

    public GeminiExecutableCode? ExecutableCode { get; init; }

    public GeminiCodeExecutionResult? CodeExecutionResult { get; init; }
}
