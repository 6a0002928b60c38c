namespace MultimodalSearch;

/// <summary>Advice for a shopper.</summary>
/// <param name="Text">The advice, plain text.</param>
/// <param name="Source">Which implementation wrote it.</param>
/// <param name="FallbackReason">Why the language model's answer was not used, when a model was configured but the template answered; otherwise null.</param>
public sealed record StylistAdvice(string Text, ResultSource Source, string? FallbackReason = null);
