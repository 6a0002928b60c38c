using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>Checks <see cref="FashionSearchOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class FashionSearchOptionsValidator : IValidateOptions<FashionSearchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FashionSearchOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(FashionSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Errors(options);
    }

    private static IEnumerable<string> Errors(FashionSearchOptions options)
    {
        if (!(options.TextWeight >= 0) || !(options.ImageWeight >= 0) || float.IsInfinity(options.TextWeight) || float.IsInfinity(options.ImageWeight) || options.TextWeight + options.ImageWeight <= 0)
        {
            yield return $"MultimodalSearch:Workflow:TextWeight and ImageWeight must be finite, zero or positive, and not both zero; got {options.TextWeight} and {options.ImageWeight}.";
        }

        if (!Enum.IsDefined(options.ImageSimilarity))
        {
            yield return $"MultimodalSearch:Workflow:ImageSimilarity '{options.ImageSimilarity}' is not one of {string.Join(", ", Enum.GetNames<ImageSimilarity>())}.";
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            yield return $"MultimodalSearch:Workflow:RequestTimeout must be positive; got {options.RequestTimeout}.";
        }

        if (options.CandidatesPerItem < 1 || options.CandidatesPerItem > 100)
        {
            yield return $"MultimodalSearch:Workflow:CandidatesPerItem must be between 1 and 100; got {options.CandidatesPerItem}.";
        }

        if (!(options.Diversity >= 0 && options.Diversity <= 1))
        {
            yield return $"MultimodalSearch:Workflow:Diversity must be between 0 and 1; got {options.Diversity}.";
        }

        if (options.NearDuplicateSimilarity is { } near && !(near > 0 && near <= 1))
        {
            yield return $"MultimodalSearch:Workflow:NearDuplicateSimilarity must be above 0 and at most 1; got {near}.";
        }

        if (options.MaxConversationTurns < 1)
        {
            yield return $"MultimodalSearch:Workflow:MaxConversationTurns must be at least 1; got {options.MaxConversationTurns}.";
        }

        if (options.MaxConversationBytes < 1024)
        {
            yield return $"MultimodalSearch:Workflow:MaxConversationBytes must be at least 1024; got {options.MaxConversationBytes}.";
        }

        if (options.DistinctBy is null)
        {
            yield return "MultimodalSearch:Workflow:DistinctBy must be 'name', a metadata attribute or empty; got null.";
        }

        if (options.MaxMessageLength < 1)
        {
            yield return $"MultimodalSearch:Workflow:MaxMessageLength must be at least 1; got {options.MaxMessageLength}.";
        }
    }
}
