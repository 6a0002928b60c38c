namespace MultimodalSearch;

/// <summary>The last update: the whole result with its timings and the conversation to send next.</summary>
/// <param name="Result">The result. Its <see cref="FashionSearchResult.Advice"/> is the advice to keep: when a language model failed after it had streamed part of its answer, the template's advice replaces what was streamed.</param>
public sealed record FashionSearchCompletedUpdate(FashionSearchResult Result) : FashionSearchUpdate;
