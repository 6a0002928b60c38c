using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>Checks <see cref="IntentClassifierOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class IntentClassifierOptionsValidator : IValidateOptions<IntentClassifierOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IntentClassifierOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(IntentClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Errors(options);
    }

    private static IEnumerable<string> Errors(IntentClassifierOptions options)
    {
        if (options.MaxItems < 1)
        {
            yield return $"MultimodalSearch:Intent:MaxItems must be at least 1; got {options.MaxItems}.";
        }

        if (options.DefaultCount < 1 || options.DefaultCount > options.MaxItems)
        {
            yield return $"MultimodalSearch:Intent:DefaultCount must be between 1 and MaxItems ({options.MaxItems}); got {options.DefaultCount}.";
        }

        if (options.PluralCount < 1 || options.PluralCount > options.MaxItems)
        {
            yield return $"MultimodalSearch:Intent:PluralCount must be between 1 and MaxItems ({options.MaxItems}); got {options.PluralCount}.";
        }

        if (options.LlmTimeout <= TimeSpan.Zero)
        {
            yield return $"MultimodalSearch:Intent:LlmTimeout must be positive; got {options.LlmTimeout}.";
        }

        foreach (var key in options.Synonyms.Keys.Where(key => MessageText.Tokenize(key).Count == 0))
        {
            yield return $"MultimodalSearch:Intent:Synonyms has a key with no word in it: '{key}'.";
        }
    }
}
