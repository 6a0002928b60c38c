namespace MultimodalSearch.Gemini.Wire;

/// <summary><c>AUTO</c>, <c>ANY</c> or <c>NONE</c>, optionally limited to some functions.</summary>
internal sealed class GeminiFunctionCallingConfig
{
    public required string Mode { get; init; }

    public IList<string>? AllowedFunctionNames { get; init; }
}
