namespace MultimodalSearch.Gemini.Wire;

/// <summary>Inline bytes (<c>inlineData</c>), base64 on the wire.</summary>
internal sealed class GeminiBlob
{
    public required string MimeType { get; init; }

    public required string Data { get; init; }
}
