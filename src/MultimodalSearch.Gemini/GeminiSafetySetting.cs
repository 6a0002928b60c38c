namespace MultimodalSearch.Gemini;

/// <summary>
/// One safety setting sent with every request (<c>safetySettings[]</c>): a harm category and the threshold
/// at which Gemini blocks it.
/// </summary>
/// <remarks>
/// Values are Google's names and are passed through unchanged, for example category
/// <c>HARM_CATEGORY_HARASSMENT</c>, <c>HARM_CATEGORY_HATE_SPEECH</c>, <c>HARM_CATEGORY_SEXUALLY_EXPLICIT</c>,
/// <c>HARM_CATEGORY_DANGEROUS_CONTENT</c> and threshold <c>BLOCK_NONE</c>, <c>BLOCK_ONLY_HIGH</c>,
/// <c>BLOCK_MEDIUM_AND_ABOVE</c>, <c>BLOCK_LOW_AND_ABOVE</c>, <c>OFF</c>.
/// </remarks>
public sealed class GeminiSafetySetting
{
    /// <summary>Gets or sets the harm category, for example <c>HARM_CATEGORY_DANGEROUS_CONTENT</c>.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Gets or sets the blocking threshold, for example <c>BLOCK_ONLY_HIGH</c>.</summary>
    public string Threshold { get; set; } = string.Empty;
}
