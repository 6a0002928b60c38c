using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>What a recording's body says the answer is.</summary>
public sealed record ExpectedAnswer
{
    public Outcome Outcome { get; init; }

    public string? BlockReason { get; init; }

    public int? ErrorStatus { get; init; }

    public string Text { get; init; } = string.Empty;

    public string Reasoning { get; init; } = string.Empty;

    public IReadOnlyList<(string Name, string Args)> FunctionCalls { get; init; } = [];

    public IReadOnlyList<string> ThoughtSignatures { get; init; } = [];

    public IReadOnlyList<string> Code { get; init; } = [];

    public IReadOnlyList<string> CodeOutputs { get; init; } = [];

    public IReadOnlyList<byte[]> InlineData { get; init; } = [];

    public IReadOnlyList<string> CitationUrls { get; init; } = [];

    public ChatFinishReason? FinishReason { get; init; }

    public string? FinishMessage { get; init; }

    public string? ModelId { get; init; }

    public string? ResponseId { get; init; }

    public bool HasGroundingMetadata { get; init; }

    public bool HasUrlContextMetadata { get; init; }

    public UsageDetails? Usage { get; init; }
}
