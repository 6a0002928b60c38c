using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>Checks <see cref="StylistOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class StylistOptionsValidator : IValidateOptions<StylistOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StylistOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(StylistOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Errors(options);
    }

    private static IEnumerable<string> Errors(StylistOptions options)
    {
        if (options.MaxImages < 0)
        {
            yield return $"MultimodalSearch:Stylist:MaxImages must be 0 or more; got {options.MaxImages}.";
        }

        if (options.MaxImageBytesTotal < 0)
        {
            yield return $"MultimodalSearch:Stylist:MaxImageBytesTotal must be 0 or more; got {options.MaxImageBytesTotal}.";
        }

        if (options.ImageMaxSide < 16)
        {
            yield return $"MultimodalSearch:Stylist:ImageMaxSide must be at least 16 pixels; got {options.ImageMaxSide}.";
        }

        if (options.MaxAnswerLength < 1)
        {
            yield return $"MultimodalSearch:Stylist:MaxAnswerLength must be at least 1; got {options.MaxAnswerLength}.";
        }

        if (options.LlmTimeout <= TimeSpan.Zero)
        {
            yield return $"MultimodalSearch:Stylist:LlmTimeout must be positive; got {options.LlmTimeout}.";
        }

        if (options.ImageBaseDirectory is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            yield return $"MultimodalSearch:Stylist:ImageBaseDirectory '{folder}' does not exist.";
        }
    }
}
