namespace MultimodalSearch;

/// <summary>A piece of streamed advice.</summary>
/// <param name="Text">The next piece of text (may be empty on the last update).</param>
/// <param name="Completed">On the last update only: the whole advice as it should be kept (validated, cut to length, or the template's when the model failed after streaming part of its answer).</param>
public sealed record StylistAdviceUpdate(string Text, StylistAdvice? Completed = null);
