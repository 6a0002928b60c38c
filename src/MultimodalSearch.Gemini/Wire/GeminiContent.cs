namespace MultimodalSearch.Gemini.Wire;

/// <summary>One turn: a role (<c>user</c> or <c>model</c>) and its parts.</summary>
internal sealed class GeminiContent
{
    public string? Role { get; init; }

    public IList<GeminiPart>? Parts { get; init; }
}
