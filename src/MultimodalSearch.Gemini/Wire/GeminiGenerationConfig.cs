using System.Text.Json;

namespace MultimodalSearch.Gemini.Wire;

/// <summary>Sampling and output settings (<c>generationConfig</c>).</summary>
internal sealed class GeminiGenerationConfig
{
    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public int? MaxOutputTokens { get; set; }

    public IList<string>? StopSequences { get; set; }

    public int? Seed { get; set; }

    public float? PresencePenalty { get; set; }

    public float? FrequencyPenalty { get; set; }

    public string? ResponseMimeType { get; set; }

    public JsonElement? ResponseJsonSchema { get; set; }

    public GeminiThinkingConfig? ThinkingConfig { get; set; }
}
