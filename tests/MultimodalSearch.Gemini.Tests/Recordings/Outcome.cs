namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>How a replayed call must end.</summary>
public enum Outcome
{
    /// <summary>With an answer.</summary>
    Answers,

    /// <summary>With <see cref="GeminiPromptBlockedException"/>.</summary>
    PromptBlocked,

    /// <summary>With a <see cref="GeminiException"/> before any update.</summary>
    Fails,

    /// <summary>With a <see cref="GeminiException"/> after the updates that did arrive (streams only).</summary>
    FailsAfterUpdates,
}
