using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Maps <see cref="ChatOptions.Reasoning"/> onto <c>thinkingConfig</c>: <see cref="ReasoningOptions.Output"/>
/// to <c>includeThoughts</c> (Gemini returns thought summaries), <see cref="ReasoningOptions.Effort"/> to
/// <c>thinkingLevel</c> where the API version has it and the model is Gemini 3 or later, else to a
/// <c>thinkingBudget</c> in tokens (which Gemini 3 also accepts).
/// </summary>
internal static partial class GeminiThinking
{
    // Budgets inside every 2.5 model's range (Flash allows up to 24576; Pro cannot go below 128, so "none" is 0
    // only where the model can switch thinking off, and Google answers 400 otherwise).
    private const int LowBudget = 1024;
    private const int MediumBudget = 8192;
    private const int HighBudget = 24576;

    public static GeminiThinkingConfig? Create(ReasoningOptions? reasoning, GeminiRequestShape shape)
    {
        if (reasoning is null || (reasoning.Effort is null && reasoning.Output is null))
        {
            return null;
        }

        bool? includeThoughts = reasoning.Output switch
        {
            null => null,
            ReasoningOutput.None => false,
            _ => true,
        };
        if (reasoning.Effort is not { } effort)
        {
            return new GeminiThinkingConfig { IncludeThoughts = includeThoughts };
        }

        if (shape.HasThinkingLevel && Generation(shape.Model) >= 3)
        {
            return new GeminiThinkingConfig { IncludeThoughts = includeThoughts, ThinkingLevel = Level(effort) };
        }

        return new GeminiThinkingConfig { IncludeThoughts = includeThoughts, ThinkingBudget = Budget(effort) };
    }

    /// <summary>The major version of a <c>gemini-N...</c> model id, or 0 when the id does not say (tuned models, endpoints).</summary>
    internal static int Generation(string model)
    {
        var match = GeminiVersion().Match(model);
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
    }

    // Gemini 3 cannot switch thinking off: MINIMAL is the least it does.
    private static string Level(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => "MINIMAL",
        ReasoningEffort.Low => "LOW",
        ReasoningEffort.Medium => "MEDIUM",
        _ => "HIGH",
    };

    private static int Budget(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => 0,
        ReasoningEffort.Low => LowBudget,
        ReasoningEffort.Medium => MediumBudget,
        _ => HighBudget,
    };

    [GeneratedRegex(@"(?:^|/)gemini-(\d+)(?:[.-]|$)")]
    private static partial Regex GeminiVersion();
}
