namespace MultimodalSearch.Gemini.Wire;

/// <summary>A reference to a file by URI (<c>fileData</c>).</summary>
internal sealed class GeminiFileData
{
    public string? MimeType { get; init; }

    public required string FileUri { get; init; }
}
